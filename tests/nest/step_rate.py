#!/usr/bin/env python3
"""NEST 3.10 reference fixtures for step_rate_generator driving rate neurons.

Writes, under tests/fixtures/step_rate/:
  <scenario>.json  the traces of every scenario in tests/nest/step_rate_scenarios.json
  refused.json     what NEST refuses: connections and parameters, with its error

Usage (from the repository root, with a python that can import nest):

    python tests/nest/step_rate.py            # (re)write the fixtures
    python tests/nest/step_rate.py --check    # regenerate into a temporary directory and compare

Scenario schema (JSON list):
  name
  threads          local_num_threads
  generator_first  create the generator before the targets (else after them)
  generator        the step_rate_generator's parameters (NEST names)
  targets          [{"model", "params"}]: one rate neuron each, created in this order
  connections      [[target, weight, delay], ...]: rate_connection_delayed from the generator
  links            [[pre, post, synapse_model, weight(, delay)], ...]: rate connections between
                   targets (they set NEST's min and max delay)
  phases           the durations of the Simulate calls (ms)
  create_after     (optional) the number of phases simulated before the generator, its
                   connections and its multimeter are created (then after the targets)
  changes          (optional) one parameter dictionary per phase after the first, set on the
                   generator (SetStatus) before that phase

Every scenario runs at resolution 0.1 ms. A multimeter records 'rate' of every target and of
the generator every step; it is connected with a delay equal to NEST's max delay, so that it
changes neither the min nor the max delay (NEST counts recorders' connections too). The last
slice is flushed by one more Simulate(min_delay) and cut off.

A fixture holds min_delay and max_delay (ms), the sample times (rounded), the generator's sample
times (NEST's) and series and each target's series, and whether every sample of the generator came from it (its
node id as sender).
"""

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

from nest_common import dumps, import_nest, report_stale, stale_files

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "tests" / "nest" / "step_rate_scenarios.json"
FIXTURES = REPO / "tests" / "fixtures" / "step_rate"
H = 0.1


def meter(nest, node, delay):
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": H})
    nest.Connect(mm, node, syn_spec={"delay": delay})
    return mm


def run_scenario(nest, sc):
    nest.ResetKernel()
    nest.set(resolution=H, local_num_threads=sc["threads"])
    later = sc.get("create_after", 0)

    def generator():
        return nest.Create("step_rate_generator", params=sc["generator"])

    def connect(g):
        for k, w, d in sc["connections"]:
            nest.Connect(g, targets[k], syn_spec={"synapse_model": "rate_connection_delayed",
                                                  "weight": w, "delay": d})
        return g

    gen = generator() if sc["generator_first"] else None
    targets = [nest.Create(t["model"], params=t["params"]) for t in sc["targets"]]
    if later == 0:
        gen = connect(gen or generator())
    for link in sc["links"]:
        syn = {"synapse_model": link[2], "weight": link[3]}
        if len(link) > 4:
            syn["delay"] = link[4]
        nest.Connect(targets[link[0]], targets[link[1]], syn_spec=syn)
    max_delay = max(nest.max_delay, max(c[2] for c in sc["connections"]))
    meters = [meter(nest, node, max_delay) for node in targets]
    total = 0.0
    for k, duration in enumerate(sc["phases"]):
        if k == later:
            gen = gen or connect(generator())
            meters.insert(0, meter(nest, gen, max_delay))
        elif k > later and sc.get("changes"):
            gen.set(sc["changes"][k - 1])
        nest.Simulate(duration)
        total += duration
    md = nest.min_delay
    nest.Simulate(md)
    n_steps = round(total / H)
    first = round(sum(sc["phases"][:later]) / H)
    series = []
    senders_ok = True
    for mm, node in zip(meters, [gen] + targets):
        ev = mm.events
        keep = [k for k, t in enumerate(ev["times"]) if t <= total + 1e-9]
        vals = [float(ev["rate"][k]) for k in keep]
        times = [float(ev["times"][k]) for k in keep]
        skip = first if node is gen else 0
        if len(vals) != n_steps - skip or any(abs(t - (k + 1 + skip) * H) > 1e-9
                                              for k, t in enumerate(times)):
            raise SystemExit("%s: %d samples, expected %d" % (sc["name"], len(vals), n_steps))
        senders_ok &= all(int(ev["senders"][k]) == node.global_id for k in keep)
        series.append(vals)
        if node is gen:
            gen_times = times
    return {"min_delay": md, "max_delay": nest.max_delay,
            "times": [round((k + 1) * H, 10) for k in range(n_steps)],
            "generator_times": gen_times,
            "generator": series[0], "targets": series[1:], "senders_ok": senders_ok}


# What NEST refuses: (case, what is tried).
REFUSED_CONNECTIONS = [
    ("static_synapse", "lin_rate_ipn", {}),
    ("rate_connection_instantaneous", "lin_rate_ipn",
     {"synapse_model": "rate_connection_instantaneous"}),
    ("iaf_psc_alpha", "iaf_psc_alpha", {"synapse_model": "rate_connection_delayed"}),
    ("siegert_neuron", "siegert_neuron", {"synapse_model": "rate_connection_delayed"}),
    ("parrot_neuron", "parrot_neuron", {"synapse_model": "rate_connection_delayed"}),
]
REFUSED_PARAMS = [
    ("time_zero", {"amplitude_times": [0.0], "amplitude_values": [1.0]}),
    ("time_negative", {"amplitude_times": [-1.0], "amplitude_values": [1.0]}),
    ("time_off_grid", {"amplitude_times": [0.25], "amplitude_values": [1.0]}),
    ("times_decreasing", {"amplitude_times": [1.0, 0.5], "amplitude_values": [1.0, 2.0]}),
    ("times_equal_after_rounding", {"amplitude_times": [0.25, 0.3],
                                    "amplitude_values": [1.0, 2.0], "allow_offgrid_times": True}),
    ("lengths_differ", {"amplitude_times": [1.0, 2.0], "amplitude_values": [1.0]}),
]


def refused(nest):
    out = []

    def attempt(case, f):
        nest.ResetKernel()
        nest.resolution = H
        try:
            f()
            out.append({"case": case, "refused": False})
        except Exception as e:  # NEST raises its own error classes
            first = str(e).strip().splitlines()[-1]
            out.append({"case": case, "refused": True, "error": type(e).__name__,
                        "message": first})

    for syn_name, model, syn in REFUSED_CONNECTIONS:
        def connect(model=model, syn=syn):
            gen = nest.Create("step_rate_generator")
            nest.Connect(gen, nest.Create(model), syn_spec=syn)
        attempt("connect_" + syn_name if model == "lin_rate_ipn" else "connect_" + model, connect)
    for case, params in REFUSED_PARAMS:
        attempt(case, lambda params=params: nest.Create("step_rate_generator", params=params))
    # NEST takes a non-finite rate; saltatory refuses it (docs/differences-from-nest.md).
    attempt("value_nan", lambda: nest.Create("step_rate_generator", params={
        "amplitude_times": [1.0], "amplitude_values": [math.nan]}))
    return {"cases": out}


def generate(directory):
    nest = import_nest(SystemExit)
    written = []
    for sc in json.loads(SCENARIOS.read_text()):
        data = run_scenario(nest, sc)
        (Path(directory) / (sc["name"] + ".json")).write_text(dumps(data) + "\n")
        written.append(sc["name"])
    (Path(directory) / "refused.json").write_text(dumps(refused(nest)) + "\n")
    return written + ["refused"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with tests/fixtures/step_rate/")
    args = ap.parse_args()
    t0 = time.time()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            names = generate(tmp)
            bad = stale_files(tmp, FIXTURES, [n + ".json" for n in names], REPO)
        if report_stale(bad):
            return 1
        print("all %d step_rate fixtures up to date (%.1f s)" % (len(names), time.time() - t0))
        return 0
    FIXTURES.mkdir(parents=True, exist_ok=True)
    names = generate(FIXTURES)
    print("wrote %d step_rate fixtures to %s (%.1f s)" % (len(names), FIXTURES.relative_to(REPO),
                                                          time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
