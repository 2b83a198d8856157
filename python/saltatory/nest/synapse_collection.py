"""``GetConnections`` and the ``SynapseCollection`` it returns: the synapses between neurons,
read by name (``source``, ``target``, ``weight``, ``delay``, and ``synapse_label`` of the
``_lbl`` models, -1 for the others)."""

import numpy

from . import kernel
from .errors import NESTErrors, raising_nest_errors
from .node_collection import NodeCollection

__all__ = ["GetConnections", "SynapseCollection"]

_NAMES = ("source", "target", "weight", "delay")
# Read by name only, as NEST lists it only for the _lbl models.
_BY_NAME = ("synapse_label",)


class SynapseCollection:
    """Synapses as columns; ``get`` reads them by name."""

    def __init__(self, columns):
        self._columns = {k: list(v) for k, v in columns.items()}

    def __len__(self):
        return len(self._columns["source"])

    def __iter__(self):
        return (self[k] for k in range(len(self)))

    def __getitem__(self, key):
        rows = range(len(self))[key]
        rows = [rows] if isinstance(rows, int) else list(rows)
        return SynapseCollection({k: [v[i] for i in rows] for k, v in self._columns.items()})

    def __repr__(self):
        lines = [f"{s:>8} {t:>8} {w:>10} {d:>7}" for s, t, w, d in zip(*(self._columns[k] for k in _NAMES))]
        return "\n".join([f"{'source':>8} {'target':>8} {'weight':>10} {'delay':>7}", *lines])

    def get(self, keys=None, output=""):
        """One column (a value for one synapse, a list otherwise), or a dictionary of several
        (all when no name is given)."""
        if output:
            raise NESTErrors.BadProperty("get: output formats are not available here")
        single = len(self) == 1
        if isinstance(keys, str):
            if keys not in self._columns:
                raise NESTErrors.UnaccessedDictionaryEntry(
                    f"a synapse has no {keys!r} here; known: {', '.join(_NAMES + _BY_NAME)}"
                )
            column = self._columns[keys]
            return column[0] if single else list(column)
        return {k: self.get(k) for k in (keys or _NAMES)}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name)

    def set(self, params=None, **kwargs):
        """Changing synapses is not available yet."""
        raise NESTErrors.BadProperty("SynapseCollection.set is not available here yet")


@raising_nest_errors
def GetConnections(source=None, target=None, synapse_model=None, synapse_label=None):
    """The synapses from ``source`` (all neurons by default) to ``target`` (any by default),
    with the label ``synapse_label`` when given."""
    if synapse_model is not None:
        raise NESTErrors.BadProperty("GetConnections: selecting by synapse model is not available here yet")
    k = kernel.current()
    if source is None:
        source = NodeCollection(g for g in range(1, k.network_size + 1) if k.is_neuron(g))
    sources = [g for g in source.tolist() if k.is_neuron(g)]
    if not sources:
        return SynapseCollection({n: [] for n in _NAMES + _BY_NAME})
    src, tgt, weight, delay, label = k.connections(sources)
    keep = numpy.ones(len(src), dtype=bool)
    if target is not None:
        keep = numpy.isin(numpy.asarray(tgt, dtype=numpy.int64), target.tolist())
    if synapse_label is not None:
        keep &= numpy.asarray(label, dtype=numpy.int64) == int(synapse_label)
    columns = dict(zip(_NAMES + _BY_NAME, (src, tgt, weight, delay, label)))
    return SynapseCollection({n: [v for v, kept in zip(col, keep) if kept] for n, col in columns.items()})
