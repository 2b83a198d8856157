"""Helpers shared by the scripts in tests/nest that record fixtures from live NEST 3.10."""

import json
import math
import os


def import_nest(error=RuntimeError):
    """Imports NEST quietly; raises `error` with a clear message when it is not installed."""
    # Keep NEST's start-up banner and informational messages out of the output.
    os.environ.setdefault("PYNEST_QUIET", "1")
    try:
        import nest  # noqa: E402
    except ImportError as e:
        raise error("cannot import nest (%s); run with a python that has NEST 3.10" % e)
    if hasattr(nest, "VerbosityLevel"):
        nest.verbosity = nest.VerbosityLevel.ERROR
    else:
        nest.set_verbosity("M_ERROR")
    return nest


def dumps(obj, indent=0):
    """Deterministic JSON: dicts one key per line (insertion order), lists inline; non-finite
    floats are refused."""
    pad = "  " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = ["%s  %s: %s" % (pad, json.dumps(k), dumps(v, indent + 1)) for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, float) and not math.isfinite(obj):
        raise ValueError("non-finite float in output")
    return json.dumps(obj, allow_nan=False)
