"""``import nest`` resolving to saltatory: this package puts ``saltatory.nest`` (and its
``voltage_trace`` and ``raster_plot``) in the place of NEST's, so unedited PyNEST scripts run
on saltatory. Put this folder first on ``sys.path`` (``PYTHONPATH``)."""

import sys

import saltatory.nest as _nest
from saltatory.nest import raster_plot as _raster_plot
from saltatory.nest import voltage_trace as _voltage_trace

sys.modules[__name__] = _nest
sys.modules[__name__ + ".voltage_trace"] = _voltage_trace
sys.modules[__name__ + ".raster_plot"] = _raster_plot
