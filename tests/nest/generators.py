#!/usr/bin/env python3
"""NEST 3.10 reference fixtures for the random spike generators.

Reads tests/nest/generator_scenarios.json, simulates every scenario with NEST
(the generator connected to `n_targets` parrot neurons, all_to_all,
static_synapse, weight 1, delay 1 ms, resolution 0.1 ms, one thread; the
parrots repeat every spike the generator sends, with its multiplicity) and
writes tests/fixtures/generators/<name>.json.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/generators.py            # (re)write the fixtures
    python tests/nest/generators.py --check    # regenerate into a temp dir and
                                               # compare byte-for-byte

Scenario keys: name, generator, defaults (set with CopyModel, e.g.
individual_spike_trains), params (NEST names; a pulse_times string "a:b:d"
stands for a, a+d, ... below b, rounded to 10 decimals), n_targets, simtime,
seeds, split (optional: two Simulate calls, the first of `split` ms), mother
(optional, spike_dilutor only: {rate}, the mother process: a poisson_generator
of that rate driving one parrot neuron, created after the targets, connected to
the dilutor with the delay 1 ms), control ({param, factor, detected_by}: the parameter that the Rust test
changes by `factor` and the statistic that must then disagree) or null, note.

A fixture holds:
  params      the parameters given to NEST (pulse_times expanded)
  facts       exact facts: whether all targets got identical trains, the first
              and last parrot spike (window scenarios, those without control), and per scenario the facts its note claims
              (checked here against the rule; the script fails otherwise)
  stats       {name: {mean, se, n}}: means over independent units with their
              standard errors (sd with ddof 1 over sqrt(n)); the script fails
              if a statistic the control detects has se > 1 % of its mean

t_gen, the generator's stamp of a spike, is the parrot's spike time minus the
delay.  Statistics per generator (units in brackets):
  sinusoidal_poisson_generator [target and seed with individual trains, seed
      with one shared train]: count, sin_sum and cos_sum, the sums over the
      spikes of sin and cos of (2 pi frequency t_gen / 1000 + phase in rad)
  sinusoidal_gamma_generator [as sinusoidal_poisson_generator]: the same, and
      cv, the coefficient of variation (sd with ddof 1 over the mean) of the
      unit's inter-spike intervals
  inhomogeneous_poisson_generator [target and seed]: count_segment_k, the
      spikes with rate_times[k] <= t_gen < rate_times[k+1] for every k with a
      positive rate
  pulsepacket_generator [spike of target 1, over all seeds]: offset_mean and
      offset_sd of (parrot time - nearest pulse time); se sd/sqrt(N) and
      sd/sqrt(2 (N-1))
  mip_generator, spike_dilutor [seed]: count_mean (per target), coincidence_mean (per pair of
      targets: sum over steps of the product of their multiplicities) and
      coincidence_ratio = coincidence_mean / count_mean
  gamma_sup_generator, ppd_sup_generator [target and seed]: count; with a
      modulation (relative_amplitude > 0), sin_sum and cos_sum, the sums over the
      spikes of sin and cos of 2 pi frequency t / 1000 with t = t_gen - h (the
      start of the step whose hazard drew the spike); else fano, the variance
      (ddof 1) over the mean of the counts in the FANO_BIN ms bins of t_gen
      that lie wholly in [0, simtime - delay)
"""

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

import nest_common

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCENARIOS = HERE / "generator_scenarios.json"
FIXTURES = REPO / "tests" / "fixtures" / "generators"

H = 0.1
DELAY = 1.0
SLICE = 10  # min-delay slice in steps: min_delay = DELAY
FANO_BIN = 20.0  # ms
KEYS = ["name", "generator", "defaults", "params", "mother", "n_targets", "simtime", "seeds", "split",
        "control", "note"]
OPTIONAL = {"split", "mother"}
WINDOW = ("origin", "start", "stop")


class ScenarioError(Exception):
    pass


def fail(sc, msg):
    raise ScenarioError("%s: %s" % (sc["name"], msg))


def steps(t):
    k = round(t / H)
    if abs(t - k * H) > 1e-9 * max(1.0, abs(t)):
        raise ScenarioError("time %r not on the grid" % t)
    return int(k)


def expand(spec):
    a, b, d = (float(x) for x in spec.split(":"))
    out, k = [], 0
    while a + k * d < b - 1e-9:
        out.append(round(a + k * d, 10))
        k += 1
    return out


def nest_params(sc):
    p = dict(sc["params"])
    if isinstance(p.get("pulse_times"), str):
        p["pulse_times"] = expand(p["pulse_times"])
    return p


def mean(xs):
    return math.fsum(xs) / len(xs)


def sd1(xs):
    m = mean(xs)
    return math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def unit_stat(xs):
    return {"mean": mean(xs), "se": sd1(xs) / math.sqrt(len(xs)), "n": len(xs)}


def simulate(nest, sc, params, seed):
    """Per target (node ids 1..n), the sorted parrot spike times."""
    n = sc["n_targets"]
    nest.ResetKernel()
    nest.set(resolution=H, local_num_threads=1, rng_seed=seed)
    parrots = nest.Create("parrot_neuron", n)
    model = sc["generator"]
    if sc["defaults"]:
        nest.CopyModel(model, "gen_with_defaults", sc["defaults"])
        model = "gen_with_defaults"
    gen = nest.Create(model, params=params)
    sr = nest.Create("spike_recorder")
    nest.Connect(gen, parrots, syn_spec={"weight": 1.0, "delay": DELAY})
    if "mother" in sc:
        pg = nest.Create("poisson_generator", params={"rate": sc["mother"]["rate"]})
        mother = nest.Create("parrot_neuron")
        nest.Connect(pg, mother, syn_spec={"weight": 1.0, "delay": DELAY})
        nest.Connect(mother, gen, syn_spec={"weight": 1.0, "delay": DELAY})
        msr = nest.Create("spike_recorder")
        nest.Connect(mother, msr)
    nest.Connect(parrots, sr)
    if abs(nest.GetKernelStatus("min_delay") - DELAY) > 1e-12:
        fail(sc, "min_delay is not the generator's delay")
    if "split" in sc:
        nest.Simulate(sc["split"])
        nest.Simulate(sc["simtime"] - sc["split"])
    else:
        nest.Simulate(sc["simtime"])
    ev = sr.get("events")
    per = {i: [] for i in range(1, n + 1)}
    for t, s in zip(ev["times"], ev["senders"]):
        per[int(s)].append(float(t))
    # The mother's spikes of the last run (spike_dilutor), for the facts.
    simulate.mother = sorted(float(t) for t in msr.get("events")["times"]) if "mother" in sc else None
    return [sorted(per[i]) for i in range(1, n + 1)]


def window_steps(params):
    o, a = params.get("origin", 0.0), params.get("start", 0.0)
    t_min = steps(o) + steps(a)
    t_max = steps(o) + steps(params["stop"]) if "stop" in params else None
    return t_min, t_max


def gen_steps(times):
    return [steps(t - DELAY) for t in times]


# --------------------------------------------------------------------------
# statistics per generator
# --------------------------------------------------------------------------

def sinusoidal_units(sc, params, runs):
    om = 2 * math.pi * params["frequency"] / 1000.0
    phi = params["phase"] * math.pi / 180.0
    shared = sc["defaults"].get("individual_spike_trains") is False
    units = []
    for trains in runs:
        for train in (trains[:1] if shared else trains):
            tg = [s * H for s in gen_steps(train)]
            u = {"count": len(train),
                 "sin_sum": math.fsum(math.sin(om * t + phi) for t in tg),
                 "cos_sum": math.fsum(math.cos(om * t + phi) for t in tg)}
            if sc["generator"] == "sinusoidal_gamma_generator":
                isi = [b - a for a, b in zip(tg, tg[1:])]
                u["cv"] = sd1(isi) / mean(isi)
            units.append(u)
    return units


def inhomogeneous_units(sc, params, runs):
    bounds = [steps(t) for t in params["rate_times"]] + [10 ** 12]
    units = []
    for trains in runs:
        for train in trains:
            g = gen_steps(train)
            u = {}
            for k, r in enumerate(params["rate_values"]):
                if r > 0:
                    u["count_segment_%d" % k] = sum(1 for s in g if bounds[k] <= s < bounds[k + 1])
            units.append(u)
    return units


def mip_units(sc, params, runs):
    units = []
    for trains in runs:
        hists = []
        for train in trains:
            h = {}
            for s in gen_steps(train):
                h[s] = h.get(s, 0) + 1
            hists.append(h)
        counts = [len(t) for t in trains]
        pairs = [math.fsum(hi[s] * hj.get(s, 0) for s in hi)
                 for i, hi in enumerate(hists) for hj in hists[i + 1:]]
        c, k = mean(counts), mean(pairs)
        units.append({"count_mean": c, "coincidence_mean": k, "coincidence_ratio": k / c})
    return units


def sup_units(sc, params, runs):
    modulated = params.get("relative_amplitude", 0.0) > 0
    om = 2 * math.pi * params.get("frequency", 0.0) / 1000.0
    width = steps(FANO_BIN)
    nbins = steps(sc["simtime"] - DELAY) // width
    units = []
    for trains in runs:
        for train in trains:
            g = gen_steps(train)
            u = {"count": len(train)}
            if modulated:
                u["sin_sum"] = math.fsum(math.sin(om * (s - 1) * H) for s in g)
                u["cos_sum"] = math.fsum(math.cos(om * (s - 1) * H) for s in g)
            else:
                bins = [0] * nbins
                for s in g:
                    if s // width < nbins:
                        bins[s // width] += 1
                u["fano"] = sd1(bins) ** 2 / mean(bins)
            units.append(u)
    return units


def pulse_offsets(params, runs):
    pulses = params["pulse_times"]
    out = []
    for trains in runs:
        for t in trains[0]:
            p = min(pulses, key=lambda q: abs(t - DELAY - q))
            out.append(t - p)
    return out


def statistics(sc, params, runs):
    g = sc["generator"]
    if g == "pulsepacket_generator":
        off = pulse_offsets(params, runs)
        sd = sd1(off)
        return {"offset_mean": {"mean": mean(off), "se": sd / math.sqrt(len(off)), "n": len(off)},
                "offset_sd": {"mean": sd, "se": sd / math.sqrt(2 * (len(off) - 1)), "n": len(off)}}
    units = {"sinusoidal_poisson_generator": sinusoidal_units,
             "sinusoidal_gamma_generator": sinusoidal_units,
             "inhomogeneous_poisson_generator": inhomogeneous_units,
             "mip_generator": mip_units,
             "spike_dilutor": mip_units,
             "gamma_sup_generator": sup_units,
             "ppd_sup_generator": sup_units}[g](sc, params, runs)
    return {k: unit_stat([float(u[k]) for u in units]) for k in units[0]}


# --------------------------------------------------------------------------
# facts, checked against the rules the notes claim
# --------------------------------------------------------------------------

def facts(sc, params, runs):
    g = sc["generator"]
    all_times = [t for trains in runs for train in trains for t in train]
    if not all_times:
        fail(sc, "no spikes")
    f = {"identical_trains": all(all(t == trains[0] for t in trains) for trains in runs)}
    if sc["control"] is None:
        # Window scenarios: rates high enough that both ends are hit with certainty.
        f["first_spike"], f["last_spike"] = min(all_times), max(all_times)
    shared = g == "pulsepacket_generator" or sc["defaults"].get("individual_spike_trains") is False \
        or sc["name"] == "sinusoidal_gamma_window" \
        or (g in ("mip_generator", "spike_dilutor") and params["p_copy"] == 1.0)
    if f["identical_trains"] != shared:
        fail(sc, "identical trains: %r, expected %r" % (f["identical_trains"], shared))
    t_min, t_max = window_steps(params)
    first, last = steps(min(all_times) - DELAY), steps(max(all_times) - DELAY)
    if t_max is not None:
        if g == "sinusoidal_poisson_generator":
            want = (t_min, t_max - 1)
            rule = "current generator: step s sends when origin+start < (s+2)h <= origin+stop; " \
                   "stamps (s+1)h from origin+start to origin+stop-h"
        elif g in ("inhomogeneous_poisson_generator", "gamma_sup_generator", "ppd_sup_generator",
                   "sinusoidal_gamma_generator"):
            want = (t_min + 2, t_max + 1)
            rule = "spike generator: step s sends when origin+start < s h <= origin+stop; " \
                   "stamps (s+1)h from origin+start+2h to origin+stop+h"
        elif g in ("mip_generator", "spike_dilutor"):
            want = ((t_min // SLICE + 1) * SLICE + 1, (t_max // SLICE) * SLICE + SLICE)
            rule = "checked once per slice at its first step T: origin+start < T h <= origin+stop; " \
                   "the slice's steps s send, stamps (s+1)h"
        else:
            t1 = -(-(t_min - 1) // SLICE) * SLICE
            t2 = ((t_max - 2) // SLICE) * SLICE
            want = (t1 + 1, t2 + SLICE)
            rule = "checked once per slice at its first step T: origin+start < (T+2)h <= " \
                   "origin+stop; spikes of the slice's steps s, stamps (s+1)h"
        if (first, last) != want:
            fail(sc, "generator stamps %r..%r, rule says %r..%r" % (first, last, want[0], want[1]))
        f["window_rule"] = rule
    if g == "inhomogeneous_poisson_generator" and t_max is None:
        bounds = [steps(t) for t in params["rate_times"]] + [steps(sc["simtime"] - DELAY) + 1]
        firsts, lasts = [], []
        for k, r in enumerate(params["rate_values"]):
            seg = [s for trains in runs for train in trains for s in gen_steps(train)
                   if bounds[k] <= s < bounds[k + 1]]
            if r > 0:
                if min(seg) != bounds[k] or max(seg) != bounds[k + 1] - 1:
                    fail(sc, "segment %d spans %r..%r" % (k, min(seg), max(seg)))
                firsts.append(min(seg) * H + DELAY)
                lasts.append(max(seg) * H + DELAY)
            elif seg:
                fail(sc, "spikes in segment %d of rate 0" % k)
        if min(gen_steps(all_times)) < bounds[0]:
            fail(sc, "spikes before the first rate time")
        f["segment_first_spikes"] = firsts
        f["segment_last_spikes"] = lasts
        f["segment_rule"] = "rate_values[k] applies to stamps rate_times[k] <= t < rate_times[k+1]"
    if g == "spike_dilutor" and params["p_copy"] == 1.0:
        # Every mother spike is repeated once per target, one delay to the dilutor and one to
        # the target later, when its arrival step lies in an active slice; one arriving in an
        # inactive slice stays in NEST's ring buffer (min_delay + max_delay steps) and is
        # repeated with the first step of an active slice that reads its slot (run of the last
        # seed).
        ring = 2 * steps(DELAY)
        # The dilutor's step of a target's spike at t: t - delay is its stamp, one step later.
        first, last = steps(f["first_spike"] - DELAY) - 1, steps(f["last_spike"] - DELAY) - 1
        want = []
        for t in simulate.mother:
            s = steps(t + DELAY) - 1  # the dilutor's step of its arrival
            while s < first:
                s += ring
            if s <= last:
                want.append(s)
        want = sorted(want)
        if [steps(t - DELAY) - 1 for t in runs[-1][0]] != want:
            fail(sc, "the targets' spikes are not the mother's by the ring-buffer rule")
        f["mother_rule"] = "a mother spike stamped t is repeated with the stamp t + delay to " \
                           "the dilutor (its arrival) if that step's slice is active, else " \
                           "with the first step of an active slice among t + delay + k (min_delay + max_delay), " \
                           "k = 1, 2, ... (NEST's ring buffer)"
    if g == "pulsepacket_generator":
        pulses = params["pulse_times"]
        if t_max is None:
            for trains in runs:
                per = {}
                for t in trains[0]:
                    p = min(pulses, key=lambda q: abs(t - DELAY - q))
                    per[p] = per.get(p, 0) + 1
                if any(per.get(p, 0) != params["activity"] for p in pulses):
                    fail(sc, "not activity spikes per pulse")
            f["spikes_per_pulse"] = params["activity"]
        else:
            f["spikes"] = runs[0][0]
            t1, t2 = want[0] - 1, want[1] - 1
            expect = [p for p in pulses if t1 <= steps(p) <= t2]
            if "split" in sc:
                # Simulate's pre_run_hook draws the pulses within the tolerance (1 ms with sdev
                # 0) of the current time again; those not before it and already drawn in the
                # first run (by the slice origin T0 before the split: p <= T0 + 1 ms) come twice.
                split = steps(sc["split"])
                t0 = (split - 1) // SLICE * SLICE
                expect += [p for p in pulses if split <= steps(p) <= min(t0 + SLICE, t2)]
                f["split_rule"] = "a second Simulate at the split time redraws the pulses within " \
                                  "the tolerance of it: a pulse drawn before and not in the past " \
                                  "is sent twice"
            expect = sorted(p + H + DELAY for p in expect for _ in range(params["activity"]))
            if [steps(t) for t in runs[0][0]] != [steps(t) for t in expect]:
                fail(sc, "spikes differ from the rule")
    return f


# --------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------

def run_scenario(nest, sc):
    if list(sc) != [k for k in KEYS if k in sc] or not set(KEYS) - OPTIONAL <= set(sc):
        fail(sc, "keys must be %s (optional: %s)" % (KEYS, sorted(OPTIONAL)))
    params = nest_params(sc)
    runs = [simulate(nest, sc, params, seed) for seed in sc["seeds"]]
    out = {"name": sc["name"], "nest_version": nest.__version__, "scenario": sc,
           "params": params, "facts": facts(sc, params, runs)}
    if sc["control"] is not None:
        stats = statistics(sc, params, runs)
        key = sc["control"]["detected_by"]
        for k, s in stats.items():
            if k != "cos_sum" and s["se"] > 0.01 * abs(s["mean"]):
                fail(sc, "%s: se %g is more than 1 %% of the mean %g" % (k, s["se"], s["mean"]))
        if key not in stats:
            fail(sc, "no statistic %s" % key)
        out["stats"] = stats
    return out


def generate(outdir):
    with open(SCENARIOS) as f:
        scenarios = json.load(f)
    nest = nest_common.import_nest(ScenarioError)
    names = []
    for sc in scenarios:
        out = run_scenario(nest, sc)
        text = nest_common.dumps(out) + "\n"
        with open(Path(outdir) / (sc["name"] + ".json"), "w", newline="\n") as f:
            f.write(text)
        names.append(sc["name"] + ".json")
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with tests/fixtures/generators/")
    args = ap.parse_args()
    t0 = time.time()
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                names = generate(tmp)
                bad = nest_common.stale_files(tmp, FIXTURES, names, REPO)
            if nest_common.report_stale(bad):
                return 1
            print("all %d generator fixtures up to date (%.1f s)" % (len(names), time.time() - t0))
            return 0
        FIXTURES.mkdir(parents=True, exist_ok=True)
        names = generate(FIXTURES)
        print("wrote %d generator fixtures to %s (%.1f s)"
              % (len(names), FIXTURES.relative_to(REPO), time.time() - t0))
        return 0
    except ScenarioError as e:
        print("ERROR: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
