"""``nest.voltage_trace`` resolving to saltatory's (see the package's ``__init__``)."""

from saltatory.nest.voltage_trace import *  # noqa: F401,F403
