"""``NodeCollection``: an ordered set of global ids, with PyNEST's reading and setting by name
(``nodes.get("V_m")``, ``nodes.I_e = 376.0``, ``recorder.events``)."""

import numbers

from . import kernel
from .errors import raising_nest_errors

__all__ = ["NodeCollection"]

# Names answered here rather than by the kernel.
_LOCAL = ("model", "global_id", "events", "element_type")


class NodeCollection:
    """Nodes by global id, in ascending order, as ``Create`` returns them."""

    def __init__(self, gids=()):
        object.__setattr__(self, "_gids", tuple(int(g) for g in gids))

    # -- a sequence of nodes --------------------------------------------------------------

    def __len__(self):
        return len(self._gids)

    def __iter__(self):
        return (NodeCollection((g,)) for g in self._gids)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return NodeCollection(self._gids[key])
        if isinstance(key, numbers.Integral):
            return NodeCollection((self._gids[key],))
        items = list(key)
        if items and all(isinstance(b, bool) for b in items):
            return NodeCollection(g for g, b in zip(self._gids, items) if b)
        return NodeCollection(self._gids[int(i)] for i in items)

    def __add__(self, other):
        if not isinstance(other, NodeCollection):
            return NotImplemented
        if set(self._gids) & set(other._gids):
            raise kernel.NESTErrors.BadProperty("NodeCollection +: the collections overlap")
        return NodeCollection(sorted(self._gids + other._gids))

    def __eq__(self, other):
        return isinstance(other, NodeCollection) and self._gids == other._gids

    def __hash__(self):
        return hash(self._gids)

    def __contains__(self, node):
        if isinstance(node, NodeCollection):
            return all(g in self._gids for g in node._gids)
        return int(node) in self._gids

    def __bool__(self):
        return bool(self._gids)

    def index(self, gid):
        """Position of global id ``gid`` in the collection."""
        return self._gids.index(int(gid))

    def tolist(self):
        """The global ids as a list."""
        return list(self._gids)

    def __array__(self, dtype=None, copy=None):
        import numpy

        return numpy.asarray(self._gids, dtype=dtype)

    def __repr__(self):
        if not self._gids:
            return "NodeCollection(<empty>)"
        k = kernel.current()
        parts, start = [], 0
        for i in range(1, len(self._gids) + 1):
            end = i == len(self._gids)
            if end or self._gids[i] != self._gids[i - 1] + 1 or k.model(self._gids[i]) != k.model(self._gids[start]):
                first, last = self._gids[start], self._gids[i - 1]
                span = f"first={first}" + (f", last={last}" if last != first else "")
                parts.append(f"model={k.model(first)}, size={i - start}, {span}")
                start = i
        return "NodeCollection(metadata=None,\n" + ";\n".join("               " + p for p in parts) + ")"

    __str__ = __repr__

    # -- reading ---------------------------------------------------------------------------

    @property
    def global_id(self):
        """The global id (one node) or the tuple of them."""
        return self._gids[0] if len(self._gids) == 1 else self._gids

    def _values(self, name):
        k = kernel.current()
        if name == "global_id":
            return list(self._gids)
        if name == "model":
            return [k.model(g) for g in self._gids]
        if name == "events":
            return [k.events(g) for g in self._gids]
        if name == "element_type":
            return [_element_type(k, g) for g in self._gids]
        return list(k.get(list(self._gids), name))

    def _names(self):
        k = kernel.current()
        names = list(_LOCAL[:2]) + ["element_type"]
        for g in self._gids:
            for n in k.names(g):
                if n not in names:
                    names.append(n)
            if not k.is_neuron(g) and k.model(g) in ("voltmeter", "multimeter", "spike_recorder"):
                if "events" not in names:
                    names.append("events")
        return names

    @raising_nest_errors
    def get(self, *names, output=""):
        """Values by name: one name gives the value (one node) or a tuple; several names, or
        none (every name), give a dictionary."""
        if output:
            raise kernel.NESTErrors.BadProperty("get: output formats are not available here")
        single = len(self._gids) == 1
        if len(names) == 2 and all(isinstance(n, str) for n in names):
            # A value inside a dictionary-valued one, as get("events", "V_m").
            inner = [v[names[1]] for v in self._values(names[0])]
            return inner[0] if single else tuple(inner)
        if len(names) == 1 and isinstance(names[0], str):
            values = self._values(names[0])
            return values[0] if single else tuple(values)
        if len(names) == 1:
            names = tuple(names[0])
        if not names:
            names = tuple(self._names())
        out = {}
        for n in names:
            values = self._values(n)
            out[n] = values[0] if single else tuple(values)
        return out

    @raising_nest_errors
    def set(self, params=None, **kwargs):
        """Sets values by name from a dictionary or keywords (a list gives one value per
        node), or from a list of dictionaries, one per node."""
        k = kernel.current()
        if isinstance(params, (list, tuple)):
            if len(params) != len(self._gids):
                raise kernel.NESTErrors.BadProperty("set: give one dictionary per node")
            for g, d in zip(self._gids, params):
                k.set([g], dict(d))
            return
        d = dict(params or {})
        d.update(kwargs)
        k.set(list(self._gids), d)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name)

    def __setattr__(self, name, value):
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            self.set({name: value})


def _element_type(k, gid):
    if k.is_neuron(gid):
        return "neuron"
    if k.model(gid) in ("voltmeter", "multimeter", "spike_recorder"):
        return "recorder"
    return "stimulator"
