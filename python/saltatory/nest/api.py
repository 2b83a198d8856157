"""PyNEST's calls that build and run a network: ``Create``, ``Connect``, ``Simulate`` and the
status calls, over the kernel of :mod:`.kernel`."""

import contextlib
import numbers

import numpy

from . import kernel
from .errors import NESTErrors, raising_nest_errors
from .node_collection import NodeCollection

__all__ = [
    "Create",
    "Connect",
    "Simulate",
    "Run",
    "Prepare",
    "Cleanup",
    "RunManager",
    "GetStatus",
    "SetStatus",
    "GetDefaults",
    "SetDefaults",
    "CopyModel",
    "GetNodes",
    "Models",
    "set",
    "get",
]


@raising_nest_errors
def Create(model, n=1, params=None, positions=None):
    """Creates ``n`` nodes of ``model``: neurons, recorders or stimulation devices. ``params``
    is a dictionary (a list value gives one value per node) or a list of ``n`` dictionaries."""
    if positions is not None:
        raise NESTErrors.BadProperty("Create: spatial positions are not available here")
    if not isinstance(n, numbers.Integral) or n < 1:
        raise NESTErrors.BadProperty(f"Create: n must be a positive integer, got {n!r}")
    k = kernel.current()
    defaults = kernel.device_defaults.get(model, {})
    if isinstance(params, (list, tuple)):
        if len(params) != n:
            raise NESTErrors.BadProperty("Create: give one dictionary per node, or one for all")
        first = k.create(model, n, _plain(defaults))
        nodes = NodeCollection(range(first, first + n))
        nodes.set(list(params))
        return nodes
    first = k.create(model, int(n), _plain({**defaults, **(params or {})}))
    return NodeCollection(range(first, first + int(n)))


def _plain(d):
    """A dictionary whose numpy arrays are lists."""
    return {key: (v.tolist() if hasattr(v, "tolist") and not isinstance(v, (int, float)) else v) for key, v in d.items()}


def _gids(nodes, what):
    if isinstance(nodes, NodeCollection):
        return nodes.tolist()
    raise NESTErrors.BadProperty(f"Connect: {what} must be a NodeCollection, got {type(nodes).__name__}")


@raising_nest_errors
def Connect(pre, post, conn_spec=None, syn_spec=None, return_synapsecollection=False):
    """Connects ``pre`` to ``post``: neurons by a rule (``all_to_all`` by default,
    ``one_to_one``, ``fixed_indegree``, ``fixed_outdegree``, ``fixed_total_number``,
    ``pairwise_bernoulli``) with a synapse (``weight``, ``delay``, ``receptor_type``,
    ``synapse_model``); a recorder to what it records; a stimulation device to its targets."""
    if return_synapsecollection:
        raise NESTErrors.BadProperty("Connect: synapse collections are not available here")
    if conn_spec is None:
        conn = {"rule": "all_to_all"}
    elif isinstance(conn_spec, str):
        conn = {"rule": conn_spec}
    else:
        conn = dict(conn_spec)
    if syn_spec is None:
        syn = {}
    elif isinstance(syn_spec, str):
        syn = {"synapse_model": syn_spec}
    else:
        syn = dict(syn_spec)
    rule = conn.pop("rule", "all_to_all")
    sources, targets = _gids(pre, "pre"), _gids(post, "post")
    arrays = [key for key in ("weight", "delay") if numpy.ndim(syn.get(key, 0.0)) > 0]
    if not arrays:
        kernel.current().connect(sources, targets, rule, conn, syn)
        return
    # One value per connection: each connection is made on its own.
    if rule == "one_to_one":
        pairs = [((s, t), (k,)) for k, (s, t) in enumerate(zip(sources, targets))]
    elif rule == "all_to_all":
        pairs = [((s, t), (j, i)) for i, s in enumerate(sources) for j, t in enumerate(targets)]
    else:
        raise NESTErrors.BadProperty(f"Connect: arrays of {', '.join(arrays)} need rule one_to_one or all_to_all")
    values = {key: numpy.asarray(syn[key], dtype=float) for key in arrays}
    for key, v in values.items():
        want = (len(targets), len(sources)) if rule == "all_to_all" else (len(sources),)
        if v.shape != want:
            raise NESTErrors.BadProperty(f"Connect: {key} has shape {v.shape}, expected {want}")
    for (s, t), at in pairs:
        one = dict(syn)
        one.update({key: float(v[at]) for key, v in values.items()})
        kernel.current().connect([s], [t], "one_to_one", dict(conn), one)


@raising_nest_errors
def Simulate(t):
    """Runs the network for ``t`` ms."""
    kernel.current().simulate(float(t))


def Run(t):
    """Runs ``t`` ms (between :func:`Prepare` and :func:`Cleanup`, as in NEST)."""
    Simulate(t)


def Prepare():
    """Accepted for PyNEST's ``Prepare``/``Run``/``Cleanup``; nothing to prepare here."""


def Cleanup():
    """Accepted for PyNEST's ``Prepare``/``Run``/``Cleanup``; nothing to clean up here."""


@contextlib.contextmanager
def RunManager():
    """PyNEST's context for several ``Run`` calls."""
    Prepare()
    try:
        yield
    finally:
        Cleanup()


@raising_nest_errors
def GetStatus(nodes, keys=None, output=""):
    """A list with one dictionary (or value, for a name) per node."""
    out = []
    for node in nodes:
        if keys is None:
            out.append(node.get())
        elif isinstance(keys, str):
            out.append(node.get(keys))
        else:
            out.append(tuple(node.get(k) for k in keys))
    return tuple(out)


@raising_nest_errors
def SetStatus(nodes, params, val=None):
    """Sets ``params`` (a dictionary, or a list with one per node) on ``nodes``; with ``val``,
    ``params`` is one name."""
    if val is not None:
        params = {params: val}
    if isinstance(params, dict):
        gids = nodes.tolist()
        kernel.current().set(gids, _plain(params))
    else:
        nodes.set(list(params))


@raising_nest_errors
def GetDefaults(model, keys=None, output=""):
    """The defaults of ``model``: a dictionary, or one value for a name."""
    d = dict(kernel.current().defaults(model))
    d.update(kernel.device_defaults.get(model, {}))
    d.setdefault("model", model)
    if keys is None:
        return d
    if isinstance(keys, str):
        if keys not in d:
            raise NESTErrors.UnaccessedDictionaryEntry(f"GetDefaults: {model} has no {keys!r}")
        return d[keys]
    return tuple(d[k] for k in keys)


@raising_nest_errors
def SetDefaults(model, params, val=None):
    """Changes the defaults of a neuron, synapse or device model."""
    if val is not None:
        params = {params: val}
    k = kernel.current()
    if k.is_device_model(model):
        new = {**kernel.device_defaults.get(model, {}), **_plain(dict(params))}
        # Checked on a throwaway kernel, so that a bad value is refused now.
        kernel.Kernel(k.resolution, 1, 1).create(model, 1, new)
        kernel.device_defaults[model] = new
        return
    k.set_defaults(model, dict(params))


@raising_nest_errors
def CopyModel(existing, new, params=None):
    """A copy of a neuron or synapse model under a new name, with new defaults."""
    kernel.current().copy_model(existing, new, dict(params or {}))


@raising_nest_errors
def GetNodes(properties=None, local_only=False):
    """Every node (or those whose values equal ``properties``)."""
    k = kernel.current()
    nodes = NodeCollection(range(1, k.network_size + 1))
    if not properties:
        return nodes
    keep = [g for g in nodes.tolist() if all(NodeCollection((g,)).get(n) == v for n, v in properties.items())]
    return NodeCollection(keep)


def Models(mtype="all", sel=None):
    """The model names (``mtype`` "nodes" or "all"), containing ``sel`` if given."""
    names = sorted(kernel.current().node_models())
    return tuple(n for n in names if sel is None or sel in n)


def set(**params):
    """Sets kernel settings by keyword (PyNEST's ``nest.set``)."""
    kernel.SetKernelStatus(params)


def get(*keys):
    """Kernel settings: all (no name), one value (one name) or a dictionary (several)."""
    if not keys:
        return kernel.GetKernelStatus()
    if len(keys) == 1:
        return kernel.GetKernelStatus(keys[0])
    return {k: kernel.GetKernelStatus(k) for k in keys}
