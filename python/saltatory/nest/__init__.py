"""PyNEST's interface over saltatory: ``import saltatory.nest as nest`` and write as for NEST
3.10 (``Create``, ``Connect``, ``Simulate``, node collections, recorders' ``events``).

Kernel settings are also attributes of the module, as in PyNEST: ``nest.resolution``,
``nest.local_num_threads``, ``nest.rng_seed``, ``nest.biological_time`` (read only),
``nest.verbosity``.
"""

import sys
import types

from . import kernel, raster_plot, voltage_trace
from .api import *  # noqa: F403
from .api import __all__ as _api_all
from .errors import NESTError, NESTErrors
from .kernel import GetKernelStatus, ResetKernel, SetKernelStatus
from .node_collection import NodeCollection
from .synapse_collection import GetConnections, SynapseCollection
from .verbosity import VerbosityLevel, get_verbosity, set_verbosity

__all__ = [
    *_api_all,
    "GetConnections",
    "GetKernelStatus",
    "NESTError",
    "NESTErrors",
    "NodeCollection",
    "ResetKernel",
    "SetKernelStatus",
    "SynapseCollection",
    "VerbosityLevel",
    "get_verbosity",
    "kernel",
    "raster_plot",
    "set_verbosity",
    "voltage_trace",
]


def _kernel_attribute(name, writable=True):
    def get(self):
        return GetKernelStatus(name)

    def set_(self, value):
        SetKernelStatus({name: value})

    return property(get, set_ if writable else None, doc=f"The kernel's {name}.")


class _NestModule(types.ModuleType):
    """The module, with the kernel's settings as attributes."""

    resolution = _kernel_attribute("resolution")
    local_num_threads = _kernel_attribute("local_num_threads")
    rng_seed = _kernel_attribute("rng_seed")
    biological_time = _kernel_attribute("biological_time", writable=False)
    network_size = _kernel_attribute("network_size", writable=False)
    num_connections = _kernel_attribute("num_connections", writable=False)
    min_delay = _kernel_attribute("min_delay", writable=False)
    total_num_virtual_procs = property(
        lambda self: GetKernelStatus("total_num_virtual_procs"),
        lambda self, v: SetKernelStatus({"local_num_threads": v}),
        doc="The number of threads (one process).",
    )
    data_path = _kernel_attribute("data_path")
    data_prefix = _kernel_attribute("data_prefix")
    overwrite_files = _kernel_attribute("overwrite_files")
    verbosity = property(lambda self: get_verbosity(), lambda self, v: set_verbosity(v))


sys.modules[__name__].__class__ = _NestModule
