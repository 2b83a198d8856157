#!/usr/bin/env python3
"""NEST 3.10 reference statistics for the stochastic synapse models (bernoulli_synapse,
quantal_stp_synapse): what the synapses transmit for a given presynaptic train.

Reads the scenarios below and writes tests/fixtures/stochastic_synapses/<name>.json.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/stochastic_synapses.py            # (re)write the fixtures
    python tests/nest/stochastic_synapses.py --check    # regenerate into a temp dir, compare

One presynaptic parrot driven by a spike generator (delay 1 ms) connects all-to-all to n_post
parrots on receptor 1 through the scenario's synapse model (parameters set with CopyModel,
per-synapse variables with the connections' `set`). A weight recorder records every
transmitted spike. For each presynaptic spike k, the statistic is the mean over synapses of
the weight sent (0 for a synapse that sent nothing), with its standard error; the synapses
are independent, so the standard error is the sample standard deviation over sqrt(n_post).

Fixture keys: name, nest_version, scenario, means, ses (one per presynaptic spike).
"""

import sys
from pathlib import Path

import numpy as np

import nest_common

nest = nest_common.import_nest()

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "stochastic_synapses"

SCENARIOS = [
    {"name": "bernoulli", "model": "bernoulli_synapse", "params": {"p_transmit": 0.3},
     "state": {}, "weight": 2.0, "delay": 1.0, "n_post": 25000, "seed": 11,
     "pre": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0]},
    {"name": "quantal_depressing", "model": "quantal_stp_synapse",
     "params": {"U": 0.3, "tau_rec": 100.0, "tau_fac": 0.0}, "state": {"n": 5, "a": 5},
     "weight": 1.0, "delay": 1.0, "n_post": 25000, "seed": 12,
     "pre": [10.0, 30.0, 50.0, 70.0, 90.0, 110.0, 130.0, 150.0, 400.0, 700.0]},
    {"name": "quantal_facilitating", "model": "quantal_stp_synapse",
     "params": {"U": 0.1, "tau_rec": 50.0, "tau_fac": 200.0}, "state": {"n": 4, "a": 4, "u": 0.1},
     "weight": 1.0, "delay": 1.5, "n_post": 25000, "seed": 13,
     "pre": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 300.0, 310.0]},
]


def run(sc):
    nest.ResetKernel()
    nest.rng_seed = sc["seed"]
    nest.local_num_threads = 1
    pre = nest.Create("parrot_neuron")
    post = nest.Create("parrot_neuron", sc["n_post"])
    g = nest.Create("spike_generator", params={"spike_times": sc["pre"]})
    nest.Connect(g, pre, syn_spec={"delay": 1.0})
    wr = nest.Create("weight_recorder")
    nest.CopyModel(sc["model"], "syn_under_test", dict(sc["params"], weight_recorder=wr))
    syn = {"synapse_model": "syn_under_test", "weight": sc["weight"], "delay": sc["delay"],
           "receptor_type": 1}
    nest.Connect(pre, post, "all_to_all", syn_spec=syn)
    if sc["state"]:
        nest.GetConnections(pre, post).set(sc["state"])
    nest.Simulate(sc["pre"][-1] + 10.0)
    ev = wr.get("events")
    # The k-th presynaptic spike is stamped 1 ms after its listed time.
    k_of = {round(t + 1.0, 6): k for k, t in enumerate(sc["pre"])}
    sent = np.zeros((len(sc["pre"]), sc["n_post"]))
    first = post.tolist()[0]
    for t, tgt, w in zip(ev["times"], ev["targets"], ev["weights"]):
        sent[k_of[round(float(t), 6)], int(tgt) - first] += float(w)
    n = sc["n_post"]
    means = sent.mean(axis=1)
    ses = sent.std(axis=1, ddof=1) / np.sqrt(n)
    return [float(m) for m in means], [float(s) for s in ses]


def write(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    names = []
    for sc in SCENARIOS:
        means, ses = run(sc)
        fx = {"name": sc["name"], "nest_version": nest.__version__, "scenario": sc,
              "means": means, "ses": ses}
        (out_dir / (sc["name"] + ".json")).write_text(nest_common.dumps(fx) + "\n")
        names.append(sc["name"] + ".json")
    return names


def main():
    return nest_common.fixture_main(write, FIXTURES, REPO, "stochastic synapse")


if __name__ == "__main__":
    sys.exit(main())
