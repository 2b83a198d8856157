#!/usr/bin/env python3
"""NEST 3.10 reference fixtures for the correlation, correlomatrix, correlospinmatrix and spin
detectors.

Reads tests/nest/detector_scenarios.json and writes tests/fixtures/detectors/<name>.json.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/detectors.py            # (re)write the fixtures
    python tests/nest/detectors.py --check    # regenerate into a temp dir, compare byte for byte

Every scenario drives parrot neurons with spike generators (parrot k repeats train k, delay
`delay`), so that the detectors see neurons' spikes, as saltatory's detectors read them.
Node ids: the parrots first (1..n in train order), then the generators, then the detector.
One thread.

Scenario keys:
    name, resolution, simtime (ms), delay (ms, generator -> parrot),
    trains: [{"spike_times": [ms], "spike_multiplicities": [int] | null}],
    detector: "correlation_detector" | "correlomatrix_detector" |
              "correlospinmatrix_detector" | "spin_detector",
    ports: [[train indices on receptor 0], [... on receptor 1], ...] (N_channels = number
           of ports for the matrix detectors); spin_detector: [[train indices]],
    weights: weight of the parrot -> detector connections per port,
    params: the detector's parameters (NEST names; missing = NEST's default),
    note.

Fixture keys: name, nest_version, scenario, and for the correlation_detector histogram,
histogram_correction, count_histogram, n_events; for the correlomatrix_detector covariance,
count_covariance, n_events; for the correlospinmatrix_detector count_covariance; for the
spin_detector senders, times and state of its events in NEST's order. Parrots stand in for
binary neurons before the correlospinmatrix_detector: two spikes at once are a change to 1,
one a change to 0. refused.json lists parameter sets NEST refuses for the
correlation detectors (model, resolution, params, the exception's name).
"""

import json
import sys
from pathlib import Path

import nest_common

nest = nest_common.import_nest()

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCENARIOS = HERE / "detector_scenarios.json"
FIXTURES = REPO / "tests" / "fixtures" / "detectors"

REFUSED = [
    {"model": "correlation_detector", "resolution": 0.1, "params": {"delta_tau": 0.25}},
    {"model": "correlation_detector", "resolution": 0.1, "params": {"delta_tau": 1.0, "tau_max": 2.5}},
    {"model": "correlation_detector", "resolution": 0.1, "params": {"delta_tau": -1.0}},
    {"model": "correlomatrix_detector", "resolution": 0.1, "params": {"delta_tau": 0.2, "tau_max": 2.0}},
    {"model": "correlospinmatrix_detector", "resolution": 0.1, "params": {"delta_tau": 1.0, "tau_max": 2.5}},
]


def run(sc):
    nest.ResetKernel()
    nest.resolution = sc["resolution"]
    nest.local_num_threads = 1
    n = len(sc["trains"])
    parrots = nest.Create("parrot_neuron", n)
    for k, tr in enumerate(sc["trains"]):
        g = nest.Create("spike_generator")
        params = {"spike_times": tr["spike_times"]}
        if tr.get("spike_multiplicities"):
            params["spike_multiplicities"] = tr["spike_multiplicities"]
        g.set(params)
        nest.Connect(g, parrots[k], syn_spec={"delay": sc["delay"]})
    det = nest.Create(sc["detector"])
    params = dict(sc["params"])
    if sc["detector"] in ("correlomatrix_detector", "correlospinmatrix_detector"):
        params["N_channels"] = len(sc["ports"])
    det.set(params)
    for port, trains in enumerate(sc["ports"]):
        for k in trains:
            nest.Connect(parrots[k], det, syn_spec={"receptor_type": port, "weight": sc["weights"][port]})
    nest.Simulate(sc["simtime"])
    if sc["detector"] == "correlation_detector":
        st = det.get(["histogram", "histogram_correction", "count_histogram", "n_events"])
        return {k: [float(x) if k.startswith("histogram") else int(x) for x in st[k]] for k in st}
    if sc["detector"] == "correlomatrix_detector":
        st = det.get(["covariance", "count_covariance", "n_events"])
        return {
            "covariance": [[[float(x) for x in b] for b in row] for row in st["covariance"]],
            "count_covariance": [[[int(x) for x in b] for b in row] for row in st["count_covariance"]],
            "n_events": [int(x) for x in st["n_events"]],
        }
    if sc["detector"] == "correlospinmatrix_detector":
        cc = det.get("count_covariance")
        return {"count_covariance": [[[int(x) for x in b] for b in row] for row in cc]}
    ev = det.get("events")
    return {
        "senders": [int(x) for x in ev["senders"]],
        "times": [round(float(x), 9) for x in ev["times"]],
        "state": [int(x) for x in ev["state"]],
    }


def refused():
    out = []
    for r in REFUSED:
        nest.ResetKernel()
        nest.resolution = r["resolution"]
        try:
            nest.Create(r["model"], params=r["params"])
            raise SystemExit("NEST accepted %r" % r)
        except nest.NESTError as e:
            out.append(dict(r, error=type(e).__name__))
    return out


def write(out_dir):
    """Writes every fixture into `out_dir`; returns their file names."""
    scenarios = json.loads(SCENARIOS.read_text())
    out_dir.mkdir(parents=True, exist_ok=True)
    names = []
    for sc in scenarios:
        fx = {"name": sc["name"], "nest_version": nest.__version__, "scenario": sc}
        fx.update(run(sc))
        if sc["detector"] == "correlation_detector" and sum(fx["count_histogram"]) == 0:
            raise SystemExit("%s: no pair counted" % sc["name"])
        if "count_covariance" in fx and not any(x for r in fx["count_covariance"] for b in r for x in b):
            raise SystemExit("%s: nothing counted" % sc["name"])
        (out_dir / (sc["name"] + ".json")).write_text(json.dumps(fx, indent=1, sort_keys=True) + "\n")
        names.append(sc["name"] + ".json")
    (out_dir / "refused.json").write_text(json.dumps(refused(), indent=1, sort_keys=True) + "\n")
    return names + ["refused.json"]


def main():
    return nest_common.fixture_main(write, FIXTURES, REPO, "detector")


if __name__ == "__main__":
    sys.exit(main())
