#!/usr/bin/env python3
"""NEST 3.10 reference fixtures for multimeters connected to stimulation devices.

Writes tests/fixtures/device_meters/<scenario>.json for every scenario below: a device
(resolution 0.1 ms) connected to `n_targets` neurons (static_synapse, weight 1, delay 1 ms),
and a multimeter connected to the device recording its recordable with the scenario's
sampling; the runs are the Simulate calls of `phases`, followed by one more Simulate(min_delay)
that hands the last slice over (its samples are cut off). Each fixture holds the scenario, the
recordables NEST lists for the device, the sample times and values, and whether every sample
came from the device (its node id as sender).

multimeter_offset.json holds, for a multimeter on an iaf_psc_alpha created after `before` ms
of simulation, with an interval and an offset, its first sample times: with an offset, NEST's
first sample lies after the step that follows the first run's start.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/device_meters.py            # (re)write the fixtures
    python tests/nest/device_meters.py --check    # regenerate into a temporary directory and compare
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from nest_common import dumps, import_nest, report_stale, stale_files

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "device_meters"
H = 0.1
EVERY_STEP = {"interval": H}

# name, device, params, target model, n_targets, sampling (multimeter parameters), phases,
# threads
SCENARIOS = [
    ("dc_window", "dc_generator", {"amplitude": 3.5, "start": 0.5, "stop": 1.8, "origin": 0.2},
     "iaf_psc_alpha", 2, EVERY_STEP, [3.0], 1),
    ("dc_two_threads", "dc_generator", {"amplitude": -1.25, "start": 0.5, "stop": 1.8},
     "iaf_psc_alpha", 3, EVERY_STEP, [1.1, 1.9], 2),
    ("ac_two_runs", "ac_generator", {"amplitude": 2.0, "offset": 1.0, "frequency": 300.0,
                                     "phase": 45.0, "start": 0.3, "stop": 2.5},
     "iaf_psc_alpha", 1, EVERY_STEP, [1.3, 1.7], 1),
    ("ac_two_threads", "ac_generator", {"amplitude": 5.0, "frequency": 170.0, "phase": -20.0},
     "iaf_psc_exp", 3, EVERY_STEP, [2.0], 2),
    ("step_current_sampling", "step_current_generator",
     {"amplitude_times": [0.5, 1.0, 1.6], "amplitude_values": [1.0, -2.0, 4.0],
      "start": 0.2, "stop": 2.0},
     "iaf_psc_alpha", 1, {"interval": 0.3, "offset": 0.2, "start": 0.4, "stop": 2.1}, [3.0], 1),
    ("noise_std0", "noise_generator", {"mean": 2.5, "std": 0.0, "dt": 0.5, "start": 0.5,
                                       "stop": 2.0},
     "iaf_psc_alpha", 3, EVERY_STEP, [3.0], 1),
    ("noise_random", "noise_generator", {"mean": 1.0, "std": 2.0, "dt": 0.3, "start": 1.0},
     "iaf_psc_alpha", 5, {"interval": 0.3}, [600.0], 1),
    ("sinusoidal_poisson_clipped", "sinusoidal_poisson_generator",
     {"rate": 10.0, "amplitude": 20.0, "frequency": 100.0, "phase": 30.0, "start": 0.5,
      "stop": 1.5},
     "parrot_neuron", 2, EVERY_STEP, [12.3, 7.7], 1),
    ("sinusoidal_gamma_two_runs", "sinusoidal_gamma_generator",
     {"rate": 10.0, "amplitude": 5.0, "frequency": 100.0, "phase": 60.0, "order": 2.0,
      "start": 0.5, "stop": 1.5},
     "parrot_neuron", 2, EVERY_STEP, [12.3, 7.7], 2),
    ("step_rate_sampling", "step_rate_generator",
     {"amplitude_times": [0.4, 1.3], "amplitude_values": [2.0, -1.0], "start": 0.2,
      "stop": 2.4},
     "lin_rate_ipn", 1, {"interval": 0.2, "offset": 0.1}, [3.0], 1),
]


def run(nest, name, model, params, target, n, sampling, phases, threads):
    nest.ResetKernel()
    nest.set(resolution=H, local_num_threads=threads, rng_seed=1)
    dev = nest.Create(model, params=params)
    targets = nest.Create(target, n)
    syn = {"synapse_model": "rate_connection_delayed"} if model == "step_rate_generator" else {}
    nest.Connect(dev, targets, syn_spec=dict(syn, weight=1.0, delay=1.0))
    recordables = [str(r) for r in nest.GetDefaults(model)["recordables"]]
    mm = nest.Create("multimeter", params=dict(sampling, record_from=recordables))
    nest.Connect(mm, dev)
    total = 0.0
    for p in phases:
        nest.Simulate(p)
        total += p
    nest.Simulate(nest.min_delay)
    ev = mm.events
    keep = [k for k, t in enumerate(ev["times"]) if t <= total + 1e-9]
    return {
        "scenario": {"device": model, "params": params, "target": target, "n_targets": n,
                     "sampling": sampling, "phases": phases, "threads": threads},
        "recordables": recordables,
        "times": [float(ev["times"][k]) for k in keep],
        "values": [float(ev[recordables[0]][k]) for k in keep],
        "senders_ok": all(int(ev["senders"][k]) == dev.global_id for k in keep),
    }


# before (ms), offset (ms), interval (ms)
OFFSET_CASES = [(0.0, 0.1, 0.2), (0.0, 0.1, 0.1), (1.0, 0.1, 0.2), (1.0, 0.3, 0.2),
                (1.0, 0.0, 0.1), (1.0, 1.1, 0.5), (0.0, 0.0, 0.3)]


def offset_rule(nest):
    cases = []
    for before, offset, interval in OFFSET_CASES:
        nest.ResetKernel()
        nest.resolution = H
        n = nest.Create("iaf_psc_alpha")
        if before:
            nest.Simulate(before)
        mm = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": interval,
                                               "offset": offset})
        nest.Connect(mm, n, syn_spec={"delay": H})
        nest.Simulate(2.0)
        times = [float(t) for t in mm.events["times"]][:5]
        cases.append({"before": before, "offset": offset, "interval": interval,
                      "first_times": times})
    return {"cases": cases}


def generate(directory):
    nest = import_nest(SystemExit)
    names = []
    for sc in SCENARIOS:
        data = run(nest, *sc)
        (Path(directory) / (sc[0] + ".json")).write_text(dumps(data) + "\n")
        names.append(sc[0] + ".json")
    (Path(directory) / "multimeter_offset.json").write_text(dumps(offset_rule(nest)) + "\n")
    return names + ["multimeter_offset.json"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with tests/fixtures/device_meters/")
    args = ap.parse_args()
    t0 = time.time()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            names = generate(tmp)
            bad = stale_files(tmp, FIXTURES, names, REPO)
        if report_stale(bad):
            return 1
        print("all %d device meter fixtures up to date (%.1f s)" % (len(names), time.time() - t0))
        return 0
    FIXTURES.mkdir(parents=True, exist_ok=True)
    names = generate(FIXTURES)
    print("wrote %d device meter fixtures to %s (%.1f s)"
          % (len(names), FIXTURES.relative_to(REPO), time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
