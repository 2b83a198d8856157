#!/usr/bin/env python3
"""Record NEST 3.10's defaults of every modelled neuron for `saltatory audit`.

The models are the ones saltatory declares with `neuron!` in models/src/*.rs
(or `rate_neuron!`; the NEST name after `as`). For each of them that NEST has, the script stores
GetDefaults (parameter and state names with their default values) and the
list of recordables in tests/fixtures/nest_defaults.json. Models NEST does not
have (such as lif_adapt) are listed under "not_in_nest": that is expected,
not an error.

Keys that are NEST bookkeeping rather than model parameters are left out
(see SKIPPED, which the file records as well); recordables are kept as their
own list.

Encoding of values (JSON has no infinities): finite numbers are JSON
numbers, except the largest finite double which is the string "DBL_MAX"
(or "-DBL_MAX"); infinities are "inf" / "-inf", NaN is "nan". Booleans,
integers and strings are stored as such.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/nest_defaults.py            # (re)write the snapshot
    python tests/nest/nest_defaults.py --check    # regenerate into a temp dir
                                                  # and compare byte-for-byte

Exit status: 0 on success, 1 when --check finds a difference, 2 on errors.
"""

import argparse
import json
import math
import re
import sys
import tempfile
from pathlib import Path

import nest_common

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MODELS_SRC = REPO / "models" / "src"
OUT_NAME = "nest_defaults.json"
OUT = REPO / "tests" / "fixtures" / OUT_NAME

# GetDefaults keys that describe the node's place in the kernel, its archiving
# for plasticity or its structural plasticity, not the neuron model.
SKIPPED = sorted([
    "Ca", "archiver_length", "available", "beta_Ca", "capacity", "element_type",
    "elementsize", "frozen", "global_id", "instantiations", "local", "model",
    "model_id", "node_uses_wfr", "post_trace", "recordables", "synaptic_elements",
    "t_spike", "tau_Ca", "thread",
    "thread_local_id", "type_id", "vp",
])
SKIPPED_PREFIXES = ()

DBL_MAX = sys.float_info.max

# `pub IafPscAlpha as "iaf_psc_alpha" {` in a neuron! declaration.
# `neuron!` models (`pub Name as "nest_name" {`) and `rate_neuron!` ones (`... as "name": kind;`).
DECLARATION = re.compile(r'\bpub\s+[A-Za-z_]\w*\s+as\s+"([A-Za-z_]\w*)"\s*[{:]')


class SnapshotError(Exception):
    pass


def import_nest():
    return nest_common.import_nest(SnapshotError)


def declared_models():
    """NEST names of the neuron models declared in models/src/*.rs, sorted (synapse models,
    declared with `synapse!`, are not nodes)."""
    names = set()
    for path in sorted(MODELS_SRC.glob("*.rs")):
        text = path.read_text(encoding="utf-8")
        if "synapse! {" not in text:
            names.update(DECLARATION.findall(text))
    if not names:
        raise SnapshotError("no neuron! declarations found in %s" % MODELS_SRC.relative_to(REPO))
    return sorted(names)


def encode(key, value):
    """A JSON-encodable form of one GetDefaults value (see the module doc)."""
    if isinstance(value, bool):
        return value
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        value = value.tolist()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        if abs(value) == DBL_MAX:
            return "DBL_MAX" if value > 0 else "-DBL_MAX"
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return [encode(key, v) for v in value]
    raise SnapshotError("%s: value %r of type %s has no encoding"
                        % (key, value, type(value).__name__))


def skipped(key):
    return key in SKIPPED or key.startswith(SKIPPED_PREFIXES)


def snapshot(nest):
    models = {}
    not_in_nest = []
    for name in declared_models():
        if name not in nest.node_models:
            not_in_nest.append(name)
            continue
        nest.ResetKernel()
        d = nest.GetDefaults(name)
        defaults = {k: encode(k, v) for k, v in d.items() if not skipped(k)}
        recordables = sorted(str(r) for r in d.get("recordables", []))
        models[name] = {"defaults": defaults, "recordables": recordables}
    return {
        "nest_version": nest.__version__,
        "encoding": "finite numbers as JSON numbers except +-DBL_MAX as \"DBL_MAX\" / "
                    "\"-DBL_MAX\"; infinities as \"inf\" / \"-inf\"; NaN as \"nan\"",
        "skipped_keys": SKIPPED + [p + "*" for p in SKIPPED_PREFIXES],
        "models": models,
        "not_in_nest": not_in_nest,
    }


def render(doc):
    """Deterministic JSON text."""
    text = json.dumps(doc, indent=2, sort_keys=True, allow_nan=False) + "\n"
    if json.loads(text) != doc:
        raise SnapshotError("JSON round trip failed")
    return text


def write(path, doc):
    with open(path, "w", newline="\n", encoding="utf-8") as f:
        f.write(render(doc))


def report(doc):
    for name in sorted(doc["models"]):
        m = doc["models"][name]
        print("  %-24s %2d defaults, recordables %s"
              % (name, len(m["defaults"]), ", ".join(m["recordables"])))
    for name in doc["not_in_nest"]:
        print("  %-24s not a NEST model (listed under not_in_nest)" % name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with tests/fixtures/")
    args = ap.parse_args()
    try:
        nest = import_nest()
        doc = snapshot(nest)
        rel = OUT.relative_to(REPO)
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                new_path = Path(tmp) / OUT_NAME
                write(new_path, doc)
                new = new_path.read_bytes()
            if not OUT.exists():
                print("%s is missing: run python tests/nest/nest_defaults.py" % rel)
                return 1
            if OUT.read_bytes() != new:
                print("%s is out of date: run python tests/nest/nest_defaults.py" % rel)
                return 1
            print("NEST defaults snapshot up to date (%d NEST models, %d not in NEST)"
                  % (len(doc["models"]), len(doc["not_in_nest"])))
            return 0
        OUT.parent.mkdir(parents=True, exist_ok=True)
        write(OUT, doc)
        report(doc)
        print("wrote %s (NEST %s)" % (rel, doc["nest_version"]))
        return 0
    except SnapshotError as e:
        print("ERROR: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
