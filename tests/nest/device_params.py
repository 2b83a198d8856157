#!/usr/bin/env python3
"""NEST 3.10's verdicts on the parameters of its stimulation devices.

For every parameter of every stimulation device saltatory has (and the window
parameters start, stop and origin, and the names every stimulation device
takes: label, stimulus_source, frozen), the cases below give values NEST
accepts (typical and edge values) and values it refuses (negative, zero,
infinite, NaN, out-of-range probabilities, times off the grid or out of order,
lists of different lengths, values of the wrong type, unknown names...): the
cases are in tests/nest/device_params_cases.py. Each case is run in a fresh
NEST kernel:

    nest.ResetKernel(); nest.resolution = <resolution>
    nest.SetDefaults(model, <defaults>)          stage "defaults" (if given)
    g = nest.Create(model, params=<params>)      stage "create"
    g.set(<then>)                                stage "set" (if given)
    n = nest.Create("iaf_psc_alpha")
    nest.Connect(g, n, syn_spec={"weight": 1.0, "delay": 1.0})   stage "connect"
    nest.Simulate(5.0)                           stage "simulate"

and the fixture records whether NEST went through all stages, or the stage
that refused and NEST's error class. Cases run in a worker process so that a
crash of NEST ends only the worker; a crash is recorded as the error "crash"
at the stage "simulate" (NEST crashes only when simulating these cases).

Usage (from the repository root, with a python that can import nest):

    python tests/nest/device_params.py            # (re)write the fixtures
    python tests/nest/device_params.py --check    # regenerate into a temp dir
                                                  # and compare byte-for-byte

Fixtures: tests/fixtures/device_params/<model>.json, one per device:

    model, nest_version, simtime, target, weight, delay,
    defaults: NEST's GetDefaults of every parameter it accepts in some case
    cases: one per line, with the keys
      params      the dictionary given to Create
      param       the parameter the case is about (the one a refusal must name)
      resolution  ms (only where it is not 0.1)
      defaults    the dictionary given to SetDefaults first (only where given)
      then        the dictionary given to set after Create (only where given)
      nest        "accepted", or {"stage": ..., "error": <NEST's error class>}
      saltatory   (only where saltatory refuses on purpose what NEST accepts)
                  why; docs/differences-from-nest.md lists these
      not_simulated  (only where NEST was not asked to simulate: it would not
                  finish) why

Values: JSON numbers, booleans, strings and lists as given to NEST (an
integer is given as a Python int, a number with a point as a float; an empty
list is PyNEST's empty list); NaN and infinities are written {"float": "nan"},
{"float": "inf"}, {"float": "-inf"}, also inside lists. A list for a scalar
parameter is left out: PyNEST reads it as one value per node.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nest_common
from device_params_cases import INF, MODELS, NO_SIMULATE, RESOLUTION, cases

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "device_params"

SIMTIME = 5.0
TARGET = "iaf_psc_alpha"
# Devices that drive other targets: (target model, synapse model).
TARGETS = {"step_rate_generator": ("lin_rate_ipn", "rate_connection_delayed")}
WEIGHT = 1.0
DELAY = 1.0


def skipped(model, case):
    """Whether the case is one NEST would not finish simulating."""
    params = decode(case["params"])
    return any(m == model and p in params and params[p] == v for m, p, v in NO_SIMULATE)


# Running NEST (in a worker process: a crash of NEST ends only the worker).

def encode(v):
    """A value for JSON: NaN and infinities as {"float": ...}."""
    if isinstance(v, float) and v != v:
        return {"float": "nan"}
    if isinstance(v, float) and v in (INF, -INF):
        return {"float": "inf" if v > 0 else "-inf"}
    if isinstance(v, list):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {k: encode(x) for k, x in v.items()}
    return v


def decode(v):
    if isinstance(v, dict) and list(v) == ["float"]:
        return float(v["float"])
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        return {k: decode(x) for k, x in v.items()}
    return v


def run_case(nest, model, case):
    """NEST's verdict: "accepted" or {"stage", "error"}."""
    nest.ResetKernel()
    nest.resolution = case.get("resolution", RESOLUTION)
    stage = "defaults"
    try:
        if "defaults" in case:
            nest.SetDefaults(model, decode(case["defaults"]))
        stage = "create"
        g = nest.Create(model, params=decode(case["params"]))
        stage = "set"
        if "then" in case:
            g.set(decode(case["then"]))
        stage = "connect"
        target, synapse = TARGETS.get(model, (TARGET, "static_synapse"))
        n = nest.Create(target)
        nest.Connect(g, n, syn_spec={"synapse_model": synapse, "weight": WEIGHT, "delay": DELAY})
        stage = "simulate"
        if not skipped(model, case):
            nest.Simulate(SIMTIME)
        return "accepted"
    except Exception as e:  # NEST's errors are classes of nest.NESTErrors
        return {"stage": stage, "error": type(e).__name__}


def worker():
    """Reads (model, case) lines on stdin, writes one verdict line each on stdout."""
    nest = nest_common.import_nest(SystemExit)
    for line in sys.stdin:
        model, case = json.loads(line)
        print(json.dumps(run_case(nest, model, case)), flush=True)


def verdicts(all_cases):
    """NEST's verdict on every case, restarting the worker after a crash."""
    out = []
    while len(out) < len(all_cases):
        todo = all_cases[len(out):]
        proc = subprocess.run(
            [sys.executable, __file__, "--worker"],
            input="".join(json.dumps([m, encode(c)]) + "\n" for m, c in todo),
            capture_output=True, text=True)
        lines = proc.stdout.splitlines()
        out.extend(json.loads(line) for line in lines)
        if len(out) < len(all_cases):
            if not lines and proc.returncode != 0 and "cannot import nest" in proc.stderr:
                raise SystemExit(proc.stderr.strip())
            out.append({"stage": "simulate", "error": "crash"})
    return out


FACTS = r"""
import json, sys
import nest_common
from device_params_cases import INF, MODELS, NO_SIMULATE, RESOLUTION, cases
nest = nest_common.import_nest()
names = json.loads(sys.stdin.read())
defaults = {}
for model, keys in names.items():
    d = nest.GetDefaults(model)
    defaults[model] = {k: d[k].tolist() if hasattr(d[k], "tolist") else d[k]
                       for k in keys if k in d}
print(json.dumps({"version": nest.__version__, "defaults": defaults}))
"""


def nest_facts(names):
    """NEST's version and its defaults of the parameters `names` ({model: [name, ...]})."""
    proc = subprocess.run([sys.executable, "-c", FACTS], cwd=HERE, input=json.dumps(names),
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def write(out_dir, model, version, defaults, rows):
    head = {"model": model, "nest_version": version, "simtime": SIMTIME, "target": TARGET,
            "weight": WEIGHT, "delay": DELAY, "defaults": defaults}
    text = "{\n" + "".join("  %s: %s,\n" % (json.dumps(k), json.dumps(v)) for k, v in head.items())
    text += '  "cases": [\n'
    text += ",\n".join("    " + json.dumps(encode(r), allow_nan=False) for r in rows)
    text += "\n  ]\n}\n"
    name = "%s.json" % model
    (Path(out_dir) / name).write_text(text)
    return name


def generate(out_dir):
    all_cases = cases()
    results = verdicts(all_cases)
    accepted = {m: set() for m in MODELS}
    for (model, case), verdict in zip(all_cases, results):
        if verdict == "accepted" and "defaults" not in case:
            accepted[model].update(case["params"])
    facts = nest_facts({m: sorted(names) for m, names in accepted.items()})
    per_model = {m: [] for m in MODELS}
    for (model, case), verdict in zip(all_cases, results):
        row = {k: case[k] for k in ("params", "param", "resolution", "defaults", "then") if k in case}
        row["nest"] = verdict
        if skipped(model, case):
            row["not_simulated"] = "NEST does not finish simulating it"
        if "saltatory" in case:
            if verdict != "accepted":
                raise SystemExit("%s %s: marked as refused by saltatory only, but NEST refuses it "
                                 "too (%s)" % (model, json.dumps(encode(case["params"])), verdict))
            row["saltatory"] = case["saltatory"]
        per_model[model].append(row)
    names = [write(out_dir, m, facts["version"], facts["defaults"][m], rows)
             for m, rows in per_model.items()]
    n = len(all_cases)
    refused = sum(1 for r in results if r != "accepted")
    print("%d cases, %d refused by NEST, %d refused by saltatory only"
          % (n, refused, sum(1 for _, c in all_cases if "saltatory" in c)))
    return names


def main():
    if "--worker" in sys.argv[1:]:
        worker()
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with "
                         "tests/fixtures/device_params/")
    args = ap.parse_args()
    t0 = time.time()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            names = generate(tmp)
            bad = nest_common.stale_files(tmp, FIXTURES, names, REPO)
        if nest_common.report_stale(bad):
            return 1
        print("all %d device parameter fixtures up to date (%.1f s)" % (len(names), time.time() - t0))
        return 0
    FIXTURES.mkdir(parents=True, exist_ok=True)
    names = generate(FIXTURES)
    print("wrote %d device parameter fixtures to %s (%.1f s)"
          % (len(names), FIXTURES.relative_to(REPO), time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
