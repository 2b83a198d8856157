"""``nest.raster_plot`` resolving to saltatory's (see the package's ``__init__``)."""

from saltatory.nest.raster_plot import *  # noqa: F401,F403
