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


def stale_files(fresh_dir, committed_dir, names, repo):
    """The committed files among `names` (in `committed_dir`) that are missing or differ from
    the freshly generated ones in `fresh_dir`, as 'path (missing)' / 'path (differs)' lines."""
    from pathlib import Path
    bad = []
    for name in names:
        new = (Path(fresh_dir) / name).read_bytes()
        old = Path(committed_dir) / name
        if not old.exists():
            bad.append("%s (missing)" % old.relative_to(repo))
        elif old.read_bytes() != new:
            bad.append("%s (differs)" % old.relative_to(repo))
    return bad


def report_stale(bad):
    """Prints the stale fixtures; returns the exit status (1 if any)."""
    if bad:
        print("fixtures out of date:")
        for b in bad:
            print("  " + b)
        return 1
    return 0



def fixture_main(write, fixtures, repo, what):
    """The command line of a fixture script: without arguments `write(fixtures)` writes the
    fixtures; with --check they are written into a temporary folder and compared with the
    committed ones. Returns the exit status."""
    import argparse
    import tempfile
    from pathlib import Path
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="compare with the committed fixtures")
    if not ap.parse_args().check:
        write(fixtures)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        bad = stale_files(tmp, fixtures, write(Path(tmp)), repo)
    if report_stale(bad):
        return 1
    print("%s fixtures are current" % what)
    return 0
