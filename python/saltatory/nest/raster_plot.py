"""Spike rasters of a spike recorder drawn with matplotlib, with an optional rate histogram
(the call shape of PyNEST's ``nest.raster_plot``)."""

import numpy

from .errors import NESTErrors

__all__ = ["from_device", "from_data", "from_file", "show"]


def from_device(detec, **kwargs):
    """Draws the spikes a spike recorder holds: dots of sender over time; with ``hist=True``
    a histogram of the population rate below (``hist_binwidth`` ms)."""
    if len(detec) != 1 or detec.get("model") != "spike_recorder":
        raise NESTErrors.BadProperty("raster_plot: give exactly one spike_recorder")
    if detec.get("record_to") == "ascii":
        return from_file(detec.get("filenames"), **kwargs)
    events = detec.get("events")
    if len(events["times"]) == 0:
        raise NESTErrors.BadProperty("raster_plot: the spike recorder holds no spikes")
    data = numpy.column_stack([events["senders"], events["times"]])
    return from_data(data, **kwargs)


def from_file(fname, **kwargs):
    """Draws the spikes of the recorder files ``fname`` (one name or a list)."""
    names = [fname] if isinstance(fname, str) else list(fname)
    rows = [read_ascii(name) for name in names]
    data = numpy.concatenate([r for r in rows if len(r)]) if any(len(r) for r in rows) else numpy.empty((0, 2))
    if len(data) == 0:
        raise NESTErrors.BadProperty("raster_plot: the files hold no spikes")
    return from_data(data, **kwargs)


def read_ascii(name):
    """Rows (sender, time in ms) of a spike recorder's text file."""
    with open(name) as f:
        lines = [line.split() for line in f if line.strip() and not line.startswith("#")]
    if not lines or lines[0][0] != "sender":
        return numpy.empty((0, 2))
    head, body = lines[0], numpy.array(lines[1:], dtype=float).reshape(-1, len(lines[0]))
    if "time_ms" in head:
        return body[:, [0, head.index("time_ms")]]
    raise NESTErrors.BadProperty(f"raster_plot: {name} holds times in steps; record times in ms to draw them")


def from_data(data, sel=None, **kwargs):
    """Draws spikes given as rows (sender, time)."""
    import matplotlib.pyplot as plt

    senders, times = numpy.asarray(data)[:, 0], numpy.asarray(data)[:, 1]
    hist = kwargs.get("hist", False)
    color = "0.3" if kwargs.get("grayscale", False) else "C0"
    xlabel = kwargs.get("xlabel", "Time (ms)")
    plt.figure()
    if hist:
        raster = plt.axes([0.1, 0.3, 0.85, 0.6])
    else:
        raster = plt.gca()
    raster.plot(times, senders, ".", color=color, markersize=kwargs.get("markersize", 2))
    raster.set_ylabel("Neuron ID")
    raster.set_title(kwargs.get("title", "Raster plot"))
    axes = [raster]
    if hist:
        raster.set_xticks([])
        width = float(kwargs.get("hist_binwidth", 5.0))
        t0, t1 = times.min(), times.max()
        edges = numpy.arange(t0, t1 + width, width)
        counts, _ = numpy.histogram(times, bins=edges)
        n = len(numpy.unique(senders))
        rates = counts / (width / 1000.0) / max(n, 1)
        ax = plt.axes([0.1, 0.1, 0.85, 0.17])
        ax.bar(edges[:-1], rates, width=width, align="edge", color=color)
        ax.set_ylabel("Rate (Hz)")
        ax.set_xlabel(xlabel)
        ax.set_xlim(raster.get_xlim())
        axes.append(ax)
    else:
        raster.set_xlabel(xlabel)
    plt.draw()
    return axes


def show():
    """Shows the figures."""
    import matplotlib.pyplot as plt

    plt.show()
