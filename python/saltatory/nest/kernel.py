"""The kernel: one simulation at a time, its settings (resolution, threads, seed) and the
calls that reset and read it."""

from .._saltatory import Kernel
from .errors import NESTError, NESTErrors, raising_nest_errors

__all__ = ["NESTError", "NESTErrors", "ResetKernel", "SetKernelStatus", "GetKernelStatus", "current"]

_DEFAULTS = {"resolution": 0.1, "local_num_threads": 1, "rng_seed": 1}

_FILES = {"data_path": "", "data_prefix": "", "overwrite_files": False}

_settings = dict(_DEFAULTS)
_files = dict(_FILES)
# Defaults given to device models with SetDefaults, applied by Create.
device_defaults = {}
_kernel = None


def current():
    """The kernel of the simulation being built."""
    global _kernel
    if _kernel is None:
        _kernel = _make()
    return _kernel


def _make():
    s = _settings
    return Kernel(float(s["resolution"]), int(s["local_num_threads"]), int(s["rng_seed"]))


@raising_nest_errors
def ResetKernel():
    """Forgets every node, connection and setting: a fresh simulation with NEST's defaults."""
    global _kernel
    _settings.clear()
    _settings.update(_DEFAULTS)
    _files.clear()
    _files.update(_FILES)
    device_defaults.clear()
    _kernel = _make()


@raising_nest_errors
def SetKernelStatus(params):
    """Sets kernel settings: ``resolution``, ``local_num_threads``, ``rng_seed`` (before any
    node is created), where recorders' files go (``data_path``, ``data_prefix``,
    ``overwrite_files``), and accepts NEST's settings that change nothing here."""
    global _kernel
    params = dict(params)
    settable = {k: params.pop(k) for k in list(params) if k in _DEFAULTS}
    files = {k: params.pop(k) for k in list(params) if k in _FILES}
    harmless = {"print_time", "dict_miss_is_error", "use_wfr"}
    unknown = [k for k in params if k not in harmless]
    if unknown:
        raise NESTErrors.UnaccessedDictionaryEntry(
            f"SetKernelStatus: {', '.join(unknown)} cannot be set here; settable: "
            + ", ".join(sorted(set(_DEFAULTS) | set(_FILES) | harmless))
        )
    if settable:
        if current().network_size > 0 or current().time > 0:
            raise NESTErrors.KernelException(
                "SetKernelStatus: resolution, local_num_threads and rng_seed must be set "
                "before any node is created (call ResetKernel first)"
            )
        new = dict(_settings)
        new.update(settable)
        _kernel = Kernel(float(new["resolution"]), int(new["local_num_threads"]), int(new["rng_seed"]))
        _settings.update(new)
        files = {**_files, **files}
    if files:
        new = {**_files, **files}
        current().set_output_files(str(new["data_path"]), str(new["data_prefix"]), bool(new["overwrite_files"]))
        _files.update(new)


def _status():
    k = current()
    return {
        "resolution": k.resolution,
        "local_num_threads": k.threads,
        "total_num_virtual_procs": k.threads,
        "num_processes": 1,
        "rng_seed": k.seed,
        "biological_time": k.time,
        "time": k.time,
        "network_size": k.network_size,
        "num_connections": k.num_connections,
        "min_delay": k.min_delay,
        "node_models": k.node_models(),
        **_files,
    }


@raising_nest_errors
def GetKernelStatus(keys=None):
    """The kernel's status: a dictionary, one value for a name, or a list for a list of names."""
    status = _status()
    if keys is None:
        return status
    if isinstance(keys, str):
        if keys not in status:
            raise NESTErrors.UnaccessedDictionaryEntry(f"GetKernelStatus: no entry {keys!r} here")
        return status[keys]
    return [GetKernelStatus(k) for k in keys]
