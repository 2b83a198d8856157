"""Membrane potential traces of a voltmeter or multimeter drawn with matplotlib (the call
shape of PyNEST's ``nest.voltage_trace``)."""

import numpy

from .errors import NESTErrors

__all__ = ["from_device", "show"]


def from_device(detec, neurons=None, title=None, grayscale=False, timeunit="ms"):
    """Draws V_m over time, one line per recorded neuron (or per neuron of ``neurons``), in the
    current figure; returns the lines."""
    import matplotlib.pyplot as plt

    if len(detec) != 1:
        raise NESTErrors.BadProperty("voltage_trace: give exactly one recorder")
    if detec.get("model") not in ("voltmeter", "multimeter"):
        raise NESTErrors.BadProperty("voltage_trace: the recorder must be a voltmeter or multimeter")
    events = detec.get("events")
    if "V_m" not in events:
        raise NESTErrors.BadProperty("voltage_trace: the recorder does not record V_m")
    senders, times, vm = events["senders"], events["times"], events["V_m"]
    if timeunit == "s":
        times = times / 1000.0
    wanted = numpy.unique(senders) if neurons is None else numpy.asarray(neurons.tolist() if hasattr(neurons, "tolist") else neurons)
    lines = []
    for k, gid in enumerate(wanted):
        mine = senders == gid
        style = {"color": str(0.2 + 0.6 * k / max(len(wanted), 1))} if grayscale else {}
        (line,) = plt.plot(times[mine], vm[mine], label=f"Neuron {gid}", **style)
        lines.append(line)
    plt.xlabel(f"Time ({timeunit})")
    plt.ylabel("Membrane potential (mV)")
    plt.title(title if title is not None else "Membrane potential")
    if len(wanted) > 1:
        plt.legend()
    plt.draw()
    return lines


def show():
    """Shows the figures."""
    import matplotlib.pyplot as plt

    plt.show()
