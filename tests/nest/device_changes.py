#!/usr/bin/env python3
"""NEST 3.10 reference traces of devices whose parameters change between Simulate calls.

Writes tests/fixtures/device_changes/<name>.json.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/device_changes.py            # (re)write the fixtures
    python tests/nest/device_changes.py --check    # regenerate into a temp dir, compare

Each scenario drives one iaf_psc_alpha neuron (NEST's defaults) with one device (weight and
delay 1) and records its V_m (or the device's `record`able) every step with a multimeter; it runs `runs` Simulate calls of
`T` ms, and before run k > 0 sets `changes[k - 1]` on the device with SetStatus.

Fixture keys: name, nest_version, scenario, times, and V_m or the device's recordable.
"""

import sys
from pathlib import Path

import nest_common

nest = nest_common.import_nest()

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "device_changes"

SCENARIOS = [
    {"name": "dc", "model": "dc_generator", "params": {"amplitude": 300.0},
     "changes": [{"amplitude": 500.0}, {"amplitude": 0.0}], "T": 40.0},
    {"name": "ac", "model": "ac_generator",
     "params": {"amplitude": 200.0, "frequency": 50.0, "offset": 250.0},
     "changes": [{"amplitude": 400.0, "frequency": 20.0, "phase": 45.0}, {"offset": 100.0}],
     "T": 40.0},
    {"name": "step_current", "model": "step_current_generator",
     "params": {"amplitude_times": [10.0, 30.0], "amplitude_values": [300.0, -100.0]},
     "changes": [{"amplitude_times": [55.0, 70.0], "amplitude_values": [500.0, 0.0]},
                 {"amplitude_times": [85.0], "amplitude_values": [400.0]}], "T": 40.0},
    {"name": "spike_generator", "model": "spike_generator",
     "params": {"spike_times": [5.0, 15.0]}, "weight": 500.0,
     "changes": [{"spike_times": [20.0, 45.0, 60.0]}, {"spike_times": [85.0, 100.0],
                                                      "spike_weights": [2.0, 0.5]}],
     "T": 40.0},
    {"name": "window", "model": "dc_generator", "params": {"amplitude": 400.0, "stop": 30.0},
     "changes": [{"start": 50.0, "stop": 70.0}, {"stop": 120.0}], "T": 40.0},
    # Random spikes: the generator's rate recordable is compared instead.
    {"name": "sinusoidal_poisson", "model": "sinusoidal_poisson_generator", "record": "rate",
     "params": {"rate": 50.0, "amplitude": 30.0, "frequency": 10.0},
     "changes": [{"rate": 80.0, "frequency": 25.0, "phase": 90.0}, {"amplitude": 90.0}],
     "T": 40.0},
    {"name": "sinusoidal_gamma", "model": "sinusoidal_gamma_generator", "record": "rate",
     "params": {"rate": 50.0, "amplitude": 30.0, "frequency": 10.0, "order": 3.0},
     "changes": [{"rate": 80.0, "frequency": 25.0, "phase": 90.0}, {"amplitude": 60.0,
                                                                   "order": 2.0}],
     "T": 40.0},
]


def run(sc):
    nest.ResetKernel()
    n = nest.Create("iaf_psc_alpha")
    g = nest.Create(sc["model"], params=sc["params"])
    nest.Connect(g, n, syn_spec={"weight": sc.get("weight", 1.0), "delay": 1.0})
    what = sc.get("record", "V_m")
    mm = nest.Create("multimeter", params={"record_from": [what], "interval": 0.1})
    nest.Connect(mm, g if what == "rate" else n)
    for k in range(len(sc["changes"]) + 1):
        if k > 0:
            g.set(sc["changes"][k - 1])
        nest.Simulate(sc["T"])
    ev = mm.get("events")
    return [float(t) for t in ev["times"]], [float(v) for v in ev[what]]


def write(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    names = []
    for sc in SCENARIOS:
        times, v = run(sc)
        fx = {"name": sc["name"], "nest_version": nest.__version__, "scenario": sc,
              "times": times, sc.get("record", "V_m"): v}
        (out_dir / (sc["name"] + ".json")).write_text(nest_common.dumps(fx) + "\n")
        names.append(sc["name"] + ".json")
    return names


def main():
    return nest_common.fixture_main(write, FIXTURES, REPO, "device change")


if __name__ == "__main__":
    sys.exit(main())
