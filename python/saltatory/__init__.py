"""saltatory: a point-neuron network simulator faithful to NEST 3.10.

``saltatory.nest`` offers PyNEST's calls (``Create``, ``Connect``, ``Simulate``, node
collections, recorders' events) over saltatory's runtime.
"""

__all__ = ["nest"]
