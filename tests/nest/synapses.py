#!/usr/bin/env python3
"""NEST 3.10 reference fixtures for the plastic synapse models: the weights after given pre-
and postsynaptic spike trains, and the weights the spikes were sent with.

Reads tests/nest/synapse_scenarios.json and writes tests/fixtures/synapses/<name>.json.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/synapses.py            # (re)write the fixtures
    python tests/nest/synapses.py --check    # regenerate into a temp dir, compare byte for byte

Each pair is a presynaptic parrot neuron driven by a spike generator with the pair's "pre"
times and a postsynaptic parrot driven by one with its "post" times (generator -> parrot
delay 1 ms, so the parrots spike 1 ms after the listed times), and one synapse of the
scenario's model from the presynaptic parrot to the postsynaptic one on receptor 1 (a parrot does not repeat what
arrives there, so the plastic synapse does not make the postsynaptic parrot spike). Node ids:
pre parrots 1..n, post parrots n+1..2n, then the generators. One thread.

Scenario keys: name, model (the synapse model; stdp_synapse when absent), resolution,
simtime, delay (of the plastic synapse, ms), weight (initial), params (the model's parameters,
NEST names, set with CopyModel, as the _hom models require), post_params (tau_minus of the postsynaptic
parrots), pairs: [{"pre": [ms], "post": [ms]}] or random: {"pairs", "rate_pre", "rate_post",
"t_max", "seed"} (Poisson trains drawn here with numpy, on the grid, and written into the
fixture's "pairs"), note.

A scenario with set_at: {"time", "values"} runs until that time, sets every synapse's
values (weight and variables by NEST name) and runs on.

Fixture keys: name, nest_version, scenario, pairs (the trains used), weights (the final
weight of each pair's synapse, in pair order, as the shortest repr that reads back
exactly), state (each per-synapse variable of the model after the run, in pair order), and for scenarios with "events": true the weight_recorder's events (times,
senders, targets, weights) in NEST's order.
"""

import json
import sys
from pathlib import Path

import numpy as np

import nest_common

nest = nest_common.import_nest()

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCENARIOS = HERE / "synapse_scenarios.json"
FIXTURES = REPO / "tests" / "fixtures" / "synapses"

# Each model's per-synapse variables besides the weight, recorded after the run.
STATE = {
    "stdp_synapse": ["Kplus"],
    "stdp_pl_synapse_hom": ["Kplus"],
    "stdp_triplet_synapse": ["Kplus", "Kplus_triplet"],
    "stdp_nn_pre_centered_synapse": ["Kplus"],
    "vogels_sprekeler_synapse": ["Kplus"],
    "tsodyks_synapse": ["u", "x", "y"],
    "tsodyks2_synapse": ["u", "x"],
    "tsodyks_synapse_hom": ["u", "x", "y"],
}


def trains(sc):
    if "pairs" in sc:
        return sc["pairs"]
    r = sc["random"]
    rng = np.random.default_rng(r["seed"])
    h = sc["resolution"]
    out = []
    for _ in range(r["pairs"]):
        pair = {}
        for key, rate in (("pre", r["rate_pre"]), ("post", r["rate_post"])):
            n = rng.poisson(rate * r["t_max"] / 1000.0)
            steps = np.unique(np.round(rng.uniform(h, r["t_max"], n) / h).astype(int))
            pair[key] = [round(float(s) * h, 6) for s in steps if s >= 1]
        out.append(pair)
    return out


def run(sc, pairs):
    nest.ResetKernel()
    nest.resolution = sc["resolution"]
    nest.local_num_threads = 1
    n = len(pairs)
    pre = nest.Create("parrot_neuron", n)
    post = nest.Create("parrot_neuron", n, params=sc.get("post_params", {}))
    for k, p in enumerate(pairs):
        for nodes, times in ((pre[k], p["pre"]), (post[k], p["post"])):
            g = nest.Create("spike_generator", params={"spike_times": times})
            nest.Connect(g, nodes, syn_spec={"delay": 1.0})
    # The weight too: NEST checks some parameters against it (the sign of Wmax).
    defaults = dict(sc["params"], weight=sc["weight"])
    if sc.get("events"):
        wr = nest.Create("weight_recorder")
        defaults["weight_recorder"] = wr
    nest.CopyModel(sc.get("model", "stdp_synapse"), "syn_under_test", defaults)
    syn = {"synapse_model": "syn_under_test", "weight": sc["weight"], "delay": sc["delay"],
           "receptor_type": 1}
    if sc.get("model", "").endswith(("_hom_w", "tsodyks_synapse_hom")):
        del syn["weight"]  # a common weight: NEST refuses it per connection
    nest.Connect(pre, post, "one_to_one", syn_spec=syn)
    conns = nest.GetConnections(pre, post)
    if "set_at" in sc:
        # Run, change every synapse's weight and variables, run on.
        nest.Simulate(sc["set_at"]["time"])
        conns.set(sc["set_at"]["values"])
        nest.Simulate(sc["simtime"] - sc["set_at"]["time"])
    else:
        nest.Simulate(sc["simtime"])
    listed = lambda v: v if isinstance(v, (list, tuple)) else [v]  # one connection: a scalar
    sources = [int(x) for x in listed(conns.get("source"))]
    order = [sources.index(int(x)) for x in pre.tolist()]

    def by_pair(key):
        values = listed(conns.get(key))
        return [float(values[k]) for k in order]

    # A common weight is not a connection's own: NEST reports it with the model's defaults.
    try:
        common = not listed(conns.get("weight"))
    except KeyError:  # static_synapse_hom_w connections have no weight entry at all
        common = True
    weight = nest.GetDefaults("syn_under_test")["weight"]
    out = {"weights": [float(weight)] * n if common else by_pair("weight")}
    out["state"] = {key: by_pair(key) for key in STATE.get(sc.get("model", "stdp_synapse"), [])}
    if sc.get("events"):
        ev = wr.get("events")
        out["events"] = {
            "times": [float(t) for t in ev["times"]],
            "senders": [int(s) for s in ev["senders"]],
            "targets": [int(s) for s in ev["targets"]],
            "weights": [float(w) for w in ev["weights"]],
        }
    return out


def write(out_dir):
    """Writes every fixture into `out_dir`; returns their file names."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = []
    for sc in json.loads(SCENARIOS.read_text()):
        pairs = trains(sc)
        fx = {"name": sc["name"], "nest_version": nest.__version__, "scenario": sc, "pairs": pairs}
        fx.update(run(sc, pairs))
        w0 = sc["weight"]
        sent = fx.get("events", {}).get("weights", [])
        static = sc.get("model", "").startswith("static_")
        if all(w == w0 for w in fx["weights"] + sent) and not static:
            raise SystemExit("%s: no weight changed" % sc["name"])
        (out_dir / (sc["name"] + ".json")).write_text(json.dumps(fx, sort_keys=True) + "\n")
        names.append(sc["name"] + ".json")
    return names


def main():
    return nest_common.fixture_main(write, FIXTURES, REPO, "synapse")


if __name__ == "__main__":
    sys.exit(main())
