#!/usr/bin/env python3
"""NEST 3.10 statistics of random generators whose parameters change between Simulate calls.

Writes tests/fixtures/random_device_changes/<name>.json.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/random_device_changes.py            # (re)write the fixtures
    python tests/nest/random_device_changes.py --check    # regenerate into a temp dir, compare

Each scenario creates `generators` copies of one generator (`model`, `params`), each driving
its own `targets` parrot neurons (weight 1, delay DELAY ms), runs len(changes) + 1 Simulate
calls of `T` ms at resolution H ms and, before run k > 0, sets `changes[k - 1]` on every
generator. A spike_dilutor (`mother`: a spike interval in ms) repeats a spike_generator's
regular train (spikes at mother, 2 mother, ... ms) that reaches it through one parrot neuron
(both connections with delay DELAY).

Statistics: t_gen, the generator's stamp of a spike, is the parrot's spike time minus DELAY;
count_k is the number of spikes per target with edges[k] < t_gen <= edges[k + 1]. The unit is
the seed (the spikes of one generator's targets need not be independent): a fixture holds per
statistic the mean over the seeds and its standard error (sd with ddof 1 over sqrt(seeds)).

Every statistic's standard error is at most 1 % of its mean (the script fails otherwise).

Fixture keys: name, nest_version, scenario, stats ({count_k: {mean, se, n}}).
"""

import math
import sys
from pathlib import Path

import nest_common

nest = nest_common.import_nest()

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "random_device_changes"
H = 0.1
DELAY = 1.0

SCENARIOS = [
    # A new shape and rate: the kept occupation numbers (two phases) run with the transition
    # probability of four; a new n_proc shapes only new targets.
    {"name": "gamma_sup", "model": "gamma_sup_generator",
     "params": {"rate": 20.0, "gamma_shape": 2, "n_proc": 5},
     "changes": [{"rate": 40.0, "gamma_shape": 4}, {"rate": 10.0, "n_proc": 10}],
     "T": 100.0, "generators": 1, "targets": 100, "seeds": 20,
     "edges": [0.0, 50.0, 100.0, 150.0, 200.0, 250.0, 299.0]},
    # A new rate and dead time (the kept ages have the old dead time's bins), then a
    # modulation.
    {"name": "ppd_sup", "model": "ppd_sup_generator",
     "params": {"rate": 50.0, "dead_time": 5.0, "n_proc": 3},
     "changes": [{"rate": 120.0, "dead_time": 2.0},
                 {"relative_amplitude": 0.8, "frequency": 10.0}],
     "T": 100.0, "generators": 1, "targets": 200, "seeds": 20,
     "edges": [0.0, 50.0, 100.0, 150.0, 200.0, 225.0, 250.0, 275.0, 299.0]},
    {"name": "mip", "model": "mip_generator", "params": {"rate": 100.0, "p_copy": 0.5},
     "changes": [{"rate": 300.0}, {"p_copy": 0.1}],
     "T": 100.0, "generators": 100, "targets": 4, "seeds": 20,
     "edges": [0.0, 100.0, 200.0, 299.0]},
    # New activity while a pulse is under way (its spikes drawn but not sent are dropped and
    # it is drawn again), then a narrower pulse.
    {"name": "pulsepacket", "model": "pulsepacket_generator",
     "params": {"pulse_times": [30.0, 98.0, 160.0, 210.0, 250.0], "activity": 10, "sdev": 3.0},
     "changes": [{"activity": 20}, {"sdev": 1.0}],
     "T": 100.0, "generators": 100, "targets": 1, "seeds": 20,
     "edges": [0.0, 50.0, 100.0, 150.0, 200.0, 230.0, 299.0]},
    # New rate times (the rate in force stays until the first of them), then only the window
    # (the old times, now past, stay).
    {"name": "inhomogeneous_poisson", "model": "inhomogeneous_poisson_generator",
     "params": {"rate_times": [10.0, 60.0], "rate_values": [100.0, 20.0]},
     "changes": [{"rate_times": [150.0], "rate_values": [300.0]}, {"start": 230.0}],
     "T": 100.0, "generators": 1, "targets": 600, "seeds": 20,
     "edges": [0.0, 50.0, 100.0, 150.0, 200.0, 230.0, 299.0]},
    {"name": "spike_dilutor", "model": "spike_dilutor", "params": {"p_copy": 0.5},
     "changes": [{"p_copy": 0.2}, {"p_copy": 0.9}], "mother": 1.0,
     "T": 100.0, "generators": 1, "targets": 100, "seeds": 20,
     "edges": [0.0, 100.0, 200.0, 299.0]},
]


def counts(sc, seed):
    """Spikes per target in each bin of the scenario, for one seed."""
    nest.ResetKernel()
    nest.set(resolution=H, rng_seed=seed)
    n_gen, n_tgt = sc["generators"], sc["targets"]
    gens = nest.Create(sc["model"], n_gen, params=sc["params"])
    parrots = nest.Create("parrot_neuron", n_gen * n_tgt)
    syn = {"weight": 1.0, "delay": DELAY}
    for i in range(n_gen):
        nest.Connect(gens[i], parrots[i * n_tgt:(i + 1) * n_tgt], syn_spec=syn)
    if "mother" in sc:
        total = sc["T"] * (len(sc["changes"]) + 1)
        k = int(round(total / sc["mother"]))
        times = [round(j * sc["mother"], 10) for j in range(1, k)]
        sg = nest.Create("spike_generator", params={"spike_times": times})
        mother = nest.Create("parrot_neuron")
        nest.Connect(sg, mother, syn_spec=syn)
        nest.Connect(mother, gens, syn_spec=syn)
    sr = nest.Create("spike_recorder")
    nest.Connect(parrots, sr)
    for k in range(len(sc["changes"]) + 1):
        if k > 0:
            gens.set(sc["changes"][k - 1])
        nest.Simulate(sc["T"])
    # In steps: times are on the grid.
    edges = [round(e / H) for e in sc["edges"]]
    out = [0] * (len(edges) - 1)
    for t in sr.get("events")["times"]:
        s = round((float(t) - DELAY) / H)
        for b in range(len(out)):
            if edges[b] < s <= edges[b + 1]:
                out[b] += 1
                break
    return [c / (n_gen * n_tgt) for c in out]


def stats(sc):
    per_seed = [counts(sc, seed) for seed in range(1, sc["seeds"] + 1)]
    n = len(per_seed)
    out = {}
    for b in range(len(sc["edges"]) - 1):
        xs = [row[b] for row in per_seed]
        mean = sum(xs) / n
        sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1))
        se = sd / math.sqrt(n)
        if se > 0.01 * mean:
            raise SystemExit("%s: count_%d has se %g > 1 %% of its mean %g"
                             % (sc["name"], b, se, mean))
        out["count_%d" % b] = {"mean": mean, "se": se, "n": n}
    return out


def write(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    names = []
    for sc in SCENARIOS:
        fx = {"name": sc["name"], "nest_version": nest.__version__, "scenario": sc,
              "stats": stats(sc)}
        (out_dir / (sc["name"] + ".json")).write_text(nest_common.dumps(fx) + "\n")
        names.append(sc["name"] + ".json")
    return names


def main():
    return nest_common.fixture_main(write, FIXTURES, REPO, "random device change")


if __name__ == "__main__":
    sys.exit(main())
