#!/usr/bin/env python3
"""NEST 3.10 reference statistics for the binary neurons (ginzburg_neuron, erfc_neuron,
mcculloch_pitts_neuron).

Reads tests/nest/binary_scenarios.json, simulates every scenario with NEST for
several seeds and writes tests/fixtures/binary/<name>.json.  Raw events depend
on NEST's random streams, so the fixtures hold statistics only.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/binary.py            # (re)write the fixtures
    python tests/nest/binary.py --check    # regenerate into a temp dir and
                                           # compare byte-for-byte

How NEST 3.10 implements the binary neurons
===========================================

(Summary of models/binary_neuron.h and the three gain-function headers, in our
own words; the points marked [live] are also checked by this script against
NEST every time it runs: the event counts and their alternation in every run,
the multimeter's S and h against the transitions on the first seed of the base
and of the control runs, h on its first 1000 samples.)

State and defaults.  Each neuron holds S (its binary output, 0 or 1), h (the
summed spike input), the time of its next update, and the sender id and time
stamp of the last spike event it received.  A new neuron has S = 0, h = 0
[live] and no update time yet.  Parameter tau_m (ms, default 10, must be > 0)
is the mean interval between updates.  Recordables: "S" and "h".

Update times.  The first update time is drawn when the first Simulate call
prepares the neuron (and only if none is set yet): t_next = Time::ms(tau_m * X)
with X ~ Exp(1) from the neuron's thread RNG.  Time::ms converts to tics
(0.001 ms) by adding 0.5 and truncating, so t_next is a multiple of 0.001 ms and
in general not on the step grid.  In the step s that covers (s h, (s+1) h]:
  1. h += the spike input that arrives in this step (see below);
  2. c = the current input that arrives in this step;
  3. if s h > t_next (strict; compared in tics) the neuron updates: the new S
     is drawn from the gain function at h + c; if it differs from the old S a
     spike event is sent (multiplicity 2 for 0 -> 1, 1 for 1 -> 0) stamped
     (s+1) h; then t_next += Time::ms(tau_m * X') with a fresh X' ~ Exp(1);
  4. the multimeter sample stamped (s+1) h holds S and h after this step.
At most one update happens per step.  t_next accumulates the drawn intervals,
so when an interval is shorter than the step the backlog is worked off one
update per step and the long-run update rate stays 1 / tau_m.  Consequence
[live, as a statistic]: the first up event of a neuron that goes up at its first update is
stamped (floor(t_next / h) + 2) h; its mean is h (2 + 1 / (exp(h / tau_m) - 1)).

Gain functions (x = h + c; u is uniform in [0, 1), drawn at each update):
  ginzburg_neuron:         S = u < c_1 x + c_2 (1 + tanh(c_3 (x - theta))) / 2
                           defaults theta = 0, c_1 = 0, c_2 = 1, c_3 = 1; values of
                           the right-hand side outside [0, 1] act as clipped.
  erfc_neuron:             S = u < erfc(-(x - theta) / (sqrt(2) sigma)) / 2,
                           i.e. Phi((x - theta) / sigma), increasing in x (the
                           formula in NEST's model documentation lacks the minus
                           sign; the code has it); defaults theta = 0, sigma = 1.
  mcculloch_pitts_neuron:  S = x > theta (strict, no draw); default theta = 0.
NEST labels theta in mV, c_1 and c_3 in 1/mV and currents in pA, but no unit
conversion takes place: x is the plain sum h + c of the numbers.

Spike input (receptor 0 only; the signal type is BINARY, so a binary neuron
connects only to binary neurons and devices [live: iaf_psc_alpha is refused in
both directions]).  A received event with weight w
and multiplicity m changes h in its delivery step by: +w if m = 2; if m = 1,
+2w when its sender id and time stamp equal those of the previously received
event, otherwise -w; nothing for other m.  Either way the event's sender and
stamp are remembered.  An up transition (two units, delivered back to back)
thus adds w and a down transition subtracts w, so [live]
    h(t) = sum over connections j -> i of w_ij S_j(t - d_ij).
This holds only with at most one connection per pair (allow_multapses False).

Current input.  Current events (weight times current) go to a separate buffer
and are added to h only in the gain argument of the step they arrive in: the
recorded h does not contain them [live: h stays 0 under a constant current].
Of NEST's current generators only noise_generator may connect to a binary
neuron (dc_generator, ac_generator and step_current_generator are refused with
IllegalConnection [live]); a noise_generator with std = 0 injects its mean as
a constant current (it still draws normal deviates).

Spike recorder.  The spike_recorder writes one event per unit of multiplicity:
an up transition gives 2 events with the same sender and time, a down
transition 1 event, at time (s+1) h [live; also: the events of each neuron
alternate up, down, up, ... starting with up, and the multimeter's S at time
t equals the state after the neuron's last transition at or before t].

Scenario schema (JSON list; every key required, in this order)
==============================================================

    name
    resolution       ms
    simtime          ms; the statistics use the window (warmup, simtime]
    warmup           ms
    record_interval  ms; multimeter interval for S and h
    seeds            [int, ...]; one run per seed (nest.rng_seed), 1 thread
    populations      [{"name", "model", "n",
                       "params": {NEST names, set at creation},
                       "dc": float | null,   constant current (NEST: pA, used
                                             as a plain number)
                       "stats": [statistic names, see below]}]
    connections      [{"from": population name, "to": population name,
                       "indegree": int, "weight": float, "delay": ms}]
                     rule fixed_indegree, allow_autapses False,
                     allow_multapses False, static_synapse
    control          {"population", "param": "dc" | a NEST parameter name,
                      "factor"}
    note

Per run: ResetKernel; resolution, local_num_threads = 1, rng_seed = seed;
the populations are created in list order (node ids 1.., contiguous), then one
noise_generator (mean = dc, std = 0, dt = resolution) per population with a
dc, connected all_to_all with weight 1 and delay = resolution (so the current
is 0 in the first step), then the connections in list order, then a
multimeter (S and h, interval record_interval, start warmup) and a
spike_recorder on all neurons.  The connectivity is drawn from the kernel RNG,
i.e. it depends on rng_seed; NEST cannot fix it independently of the seed.
NEST runs simtime plus a pad of at least min_delay (the multimeter hands over
its last slice only then) and everything after simtime is cut off.

Statistics (per population, per seed; then over seeds)
======================================================

    mean_S         mean of the multimeter's S over the samples at warmup +
                   k * record_interval, k = 1 .. (simtime - warmup) /
                   record_interval, and over the neurons
    h_mean         the same for h (only where h is not constant)
    up_rate        up transitions (times with 2 events of one sender) with
                   time in (warmup, simtime], per neuron and second (1/s)
    down_rate      the same for down transitions (times with 1 event)
    first_up_time  time of each neuron's first up event (ms, from t = 0),
                   mean over the neurons

Fixture keys: name, nest_version, scenario (as read), se_rule, statistics,
expected, control.

"statistics": {population: {statistic: {"mean", "se", "per_seed"}}}:
per_seed holds the population value of each seed, mean is their mean, and
se = sd(per_seed, ddof = 1) / sqrt(len(seeds)).  The seeds are the independent
replicates (neurons of one network share inputs and connectivity and so are
not independent).  The script asserts se <= 1 % of |mean| for every
statistic.

"expected" holds analytic values where they exist, and the script asserts
that NEST agrees within 4 se: for a population driven by a constant current c
only, p = gain(c), mean_S = p and up_rate = down_rate = 1000 p (1 - p) /
tau_m; for first_up_time the formula above; for a mcculloch_pitts population
fed by one such population (indegree K, weight w), h = w Binomial(K, p), so
h_mean = w K p and mean_S = P(w B > theta) (update times are independent of h).

"control": the scenario rerun with one parameter multiplied by factor, seeds
s + 1000 (independent of the base runs); it holds population, param, factor,
value (the changed value), seeds, the moved "statistics" ({"mean", "se"}),
their "expected" values where analytic, z = (control - base) / sqrt(se_base^2 + se_control^2) for every
statistic, and "detected", the statistics with |z| > 4; the script asserts that
there is at least one.  A comparison against the base means with a 4 combined
se tolerance would thus catch a 5 % error in that parameter.

Floats in the fixtures are rounded to 10 significant digits.
"""

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import nest_common

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCENARIOS = HERE / "binary_scenarios.json"
FIXTURES = REPO / "tests" / "fixtures" / "binary"

KEYS = ["name", "resolution", "simtime", "warmup", "record_interval", "seeds", "populations",
        "connections", "control", "note"]
POP_KEYS = ["name", "model", "n", "params", "dc", "stats"]
CONN_KEYS = ["from", "to", "indegree", "weight", "delay"]
MODELS = {"ginzburg_neuron", "erfc_neuron", "mcculloch_pitts_neuron"}
STATS = ["mean_S", "h_mean", "up_rate", "down_rate", "first_up_time"]
CONTROL_SEED_OFFSET = 1000
EPS = 1e-9
Z_SE = 4.0
MAX_REL_SE = 0.01


class ScenarioError(Exception):
    pass


def fail(sc, msg):
    raise ScenarioError("%s: %s" % (sc.get("name", "?"), msg))


def steps(sc, t):
    h = sc["resolution"]
    k = round(t / h)
    if abs(t - k * h) > EPS * max(1.0, abs(t)):
        fail(sc, "time %r not on the %g ms grid" % (t, h))
    return int(k)


def sig(x, digits=10):
    return float("%.*g" % (digits, x))


def mean(xs):
    return math.fsum(xs) / len(xs)


def se_of(xs):
    m = mean(xs)
    return math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (len(xs) - 1)) / math.sqrt(len(xs))


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------

def validate(sc):
    if list(sc.keys()) != KEYS:
        fail(sc, "keys must be %s in this order" % KEYS)
    for k in ("simtime", "warmup", "record_interval"):
        steps(sc, sc[k])
    if not 0 <= sc["warmup"] < sc["simtime"]:
        fail(sc, "need 0 <= warmup < simtime")
    span = (sc["simtime"] - sc["warmup"]) / sc["record_interval"]
    if abs(span - round(span)) > EPS:
        fail(sc, "simtime - warmup must be a multiple of record_interval")
    if len(sc["seeds"]) < 3 or len(set(sc["seeds"])) != len(sc["seeds"]):
        fail(sc, "need at least 3 distinct seeds")
    names = [p["name"] for p in sc["populations"]]
    if len(set(names)) != len(names):
        fail(sc, "duplicate population names")
    for p in sc["populations"]:
        if list(p.keys()) != POP_KEYS:
            fail(sc, "population keys must be %s" % POP_KEYS)
        if p["model"] not in MODELS:
            fail(sc, "unknown model %r" % p["model"])
        if not p["stats"] or any(s not in STATS for s in p["stats"]):
            fail(sc, "stats must be a non-empty subset of %s" % STATS)
    targets = set()
    for c in sc["connections"]:
        if list(c.keys()) != CONN_KEYS:
            fail(sc, "connection keys must be %s" % CONN_KEYS)
        if c["from"] not in names or c["to"] not in names:
            fail(sc, "unknown population in %r" % c)
        if steps(sc, c["delay"]) < 1:
            fail(sc, "delay below the resolution")
        targets.add(c["to"])
    for p in sc["populations"]:
        if "h_mean" in p["stats"] and p["name"] not in targets:
            fail(sc, "h_mean only for populations with incoming connections (h is 0 otherwise)")
    ctl = sc["control"]
    if list(ctl.keys()) != ["population", "param", "factor"] or ctl["population"] not in names:
        fail(sc, "control needs population, param, factor")


# --------------------------------------------------------------------------
# one NEST run
# --------------------------------------------------------------------------

def build_and_run(nest, sc, seed, full_check):
    h, T = sc["resolution"], sc["simtime"]
    nest.ResetKernel()
    nest.set(resolution=h, local_num_threads=1, rng_seed=seed)
    pops = {}
    next_id = 1
    for p in sc["populations"]:
        nodes = nest.Create(p["model"], p["n"], params=p["params"]) if p["params"] \
            else nest.Create(p["model"], p["n"])
        if nodes.tolist() != list(range(next_id, next_id + p["n"])):
            fail(sc, "population %s does not have contiguous node ids" % p["name"])
        next_id += p["n"]
        pops[p["name"]] = nodes
    for p in sc["populations"]:
        if p["dc"] is not None:
            ng = nest.Create("noise_generator", params={"mean": float(p["dc"]), "std": 0.0, "dt": h})
            nest.Connect(ng, pops[p["name"]], "all_to_all", {"weight": 1.0, "delay": h})
    for c in sc["connections"]:
        nest.Connect(pops[c["from"]], pops[c["to"]],
                     {"rule": "fixed_indegree", "indegree": int(c["indegree"]),
                      "allow_autapses": False, "allow_multapses": False},
                     {"synapse_model": "static_synapse", "weight": float(c["weight"]),
                      "delay": float(c["delay"])})
    everyone = None
    for p in sc["populations"]:
        everyone = pops[p["name"]] if everyone is None else everyone + pops[p["name"]]
    mm = nest.Create("multimeter", params={"record_from": ["S", "h"],
                                           "interval": sc["record_interval"],
                                           "start": sc["warmup"]})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, everyone)
    nest.Connect(everyone, sr)
    initial = everyone.get(["S", "h"])
    if any(initial["S"]) or any(x != 0.0 for x in initial["h"]):
        fail(sc, "binary neurons do not start with S = 0, h = 0")
    pad = max([c["delay"] for c in sc["connections"]] + [h, sc["record_interval"]])
    nest.Simulate(T + pad)

    n_end = steps(sc, T)
    m = mm.events
    mt = np.rint(np.asarray(m["times"]) / h).astype(np.int64)
    keep = mt <= n_end
    mm_data = {"senders": np.asarray(m["senders"])[keep], "steps": mt[keep],
               "S": np.asarray(m["S"], dtype=float)[keep], "h": np.asarray(m["h"], dtype=float)[keep]}
    ev = sr.events
    st = np.rint(np.asarray(ev["times"]) / h).astype(np.int64)
    keep = st <= n_end
    conns = {}
    for c in (sc["connections"] if full_check else []):
        key = (c["from"], c["to"])
        if key not in conns:
            cs = nest.GetConnections(source=pops[c["from"]], target=pops[c["to"]])
            conns[key] = {"source": np.asarray(cs.get("source")), "target": np.asarray(cs.get("target")),
                          "weight": np.asarray(cs.get("weight"), dtype=float),
                          "delay": np.asarray(cs.get("delay"), dtype=float)}
    return {"mm": mm_data, "senders": np.asarray(ev["senders"])[keep], "steps": st[keep],
            "ids": {name: (nodes.tolist()[0], nodes.tolist()[-1]) for name, nodes in pops.items()},
            "n_total": next_id - 1, "conns": conns}


def transitions(sc, run):
    """(sender, step, up) of every transition, sorted by sender then step; checks that each
    (sender, time) has 1 or 2 events and that every neuron alternates up, down, ... from up."""
    s, k = run["senders"], run["steps"]
    key = s.astype(np.int64) * (10 ** 12) + k
    uniq, counts = np.unique(key, return_counts=True)
    if np.any((counts != 1) & (counts != 2)):
        fail(sc, "a (sender, time) with other than 1 or 2 events")
    snd = uniq // (10 ** 12)
    stp = uniq % (10 ** 12)
    up = counts == 2
    first = np.ones(len(snd), dtype=bool)
    first[1:] = snd[1:] != snd[:-1]
    if np.any(first & ~up):
        fail(sc, "a neuron whose first transition is down")
    if np.any(~first[1:] & (up[1:] == up[:-1])):
        fail(sc, "transitions of a neuron do not alternate")
    return snd, stp, up


def states_at(snd, stp, up, node_ids, sample_steps):
    """S of each node in node_ids at each of sample_steps (after the step's update), from the
    transitions: a (len(node_ids), len(sample_steps)) int8 array."""
    out = np.zeros((len(node_ids), len(sample_steps)), dtype=np.int8)
    lo = np.searchsorted(snd, node_ids, side="left")
    hi = np.searchsorted(snd, node_ids, side="right")
    for r, (a, b) in enumerate(zip(lo, hi)):
        if a == b:
            continue
        idx = np.searchsorted(stp[a:b], sample_steps, side="right") - 1
        ok = idx >= 0
        out[r, ok] = up[a:b][idx[ok]]
    return out


def check_semantics(sc, run, full_check):
    """The [live] facts of the docstring that a run can show (S against the transitions and h
    against the sources' states only if full_check)."""
    snd, stp, up = run["transitions"] = transitions(sc, run)
    mm = run["mm"]
    n_samples = round((sc["simtime"] - sc["warmup"]) / sc["record_interval"])
    order = np.lexsort((mm["steps"], mm["senders"]))
    senders, msteps = mm["senders"][order], mm["steps"][order]
    S = mm["S"][order].reshape(run["n_total"], -1)
    H = mm["h"][order].reshape(run["n_total"], -1)
    if S.shape[1] != n_samples:
        fail(sc, "%d samples per neuron, expected %d" % (S.shape[1], n_samples))
    sample_steps = msteps[:n_samples]
    ids = np.arange(1, run["n_total"] + 1)
    if not np.array_equal(senders.reshape(run["n_total"], -1)[:, 0], ids):
        fail(sc, "multimeter senders are not 1..n")
    if not full_check:
        return {"S": S, "H": H}
    if not np.array_equal(states_at(snd, stp, up, ids, sample_steps), S.astype(np.int8)):
        fail(sc, "multimeter S differs from the state implied by the spike recorder")
    # h: 0 without incoming connections (current input is not part of h), otherwise the
    # weighted sum of the sources' states one delay earlier; checked on the first 1000 samples.
    n_chk = min(1000, n_samples)
    h_pred = np.zeros((run["n_total"], n_chk))
    for c in run["conns"].values():
        for d in np.unique(c["delay"]):
            sel = c["delay"] == d
            src, tgt, w = c["source"][sel], c["target"][sel], c["weight"][sel]
            d_steps = steps(sc, float(d))
            src_ids = np.unique(src)
            st = states_at(snd, stp, up, src_ids, sample_steps[:n_chk] - d_steps).astype(float)
            W = np.zeros((run["n_total"], len(src_ids)))
            np.add.at(W, (tgt - 1, np.searchsorted(src_ids, src)), w)
            h_pred += W @ st
    if np.max(np.abs(h_pred - H[:, :n_chk])) > 1e-9:
        fail(sc, "recorded h differs from sum_j w_ij S_j(t - d_ij)")
    return {"S": S, "H": H}


# --------------------------------------------------------------------------
# statistics
# --------------------------------------------------------------------------

def run_stats(nest, sc, seed, full_check):
    run = build_and_run(nest, sc, seed, full_check)
    arrays = check_semantics(sc, run, full_check)
    snd, stp, up = run["transitions"]
    w_lo = steps(sc, sc["warmup"])
    window_s = (sc["simtime"] - sc["warmup"]) / 1000.0
    out = {}
    for p in sc["populations"]:
        a, b = run["ids"][p["name"]]
        n = b - a + 1
        in_pop = (snd >= a) & (snd <= b)
        in_win = stp > w_lo
        vals = {}
        for stat in p["stats"]:
            if stat == "mean_S":
                vals[stat] = int(arrays["S"][a - 1:b].sum()) / arrays["S"][a - 1:b].size
            elif stat == "h_mean":
                block = arrays["H"][a - 1:b]
                vals[stat] = math.fsum(block.ravel().tolist()) / block.size
            elif stat == "up_rate":
                vals[stat] = int(np.sum(in_pop & in_win & up)) / (n * window_s)
            elif stat == "down_rate":
                vals[stat] = int(np.sum(in_pop & in_win & ~up)) / (n * window_s)
            elif stat == "first_up_time":
                sel = in_pop & up
                first = np.ones(len(snd), dtype=bool)
                first[1:] = snd[1:] != snd[:-1]
                starts = stp[sel & first]
                if len(starts) != n:
                    fail(sc, "first_up_time: %d of %d neurons went up" % (len(starts), n))
                vals[stat] = int(starts.sum()) * sc["resolution"] / n
        out[p["name"]] = vals
    return out


def over_seeds(sc, nest, seeds):
    per_seed = [run_stats(nest, sc, s, i == 0) for i, s in enumerate(seeds)]
    res = {}
    for p in sc["populations"]:
        res[p["name"]] = {}
        for stat in p["stats"]:
            xs = [ps[p["name"]][stat] for ps in per_seed]
            res[p["name"]][stat] = {"mean": mean(xs), "se": se_of(xs), "per_seed": xs}
    return res


# --------------------------------------------------------------------------
# analytic expectations
# --------------------------------------------------------------------------

def full_params(nest, pop):
    d = nest.GetDefaults(pop["model"])
    keys = ["tau_m", "theta"] + {"ginzburg_neuron": ["c_1", "c_2", "c_3"],
                                 "erfc_neuron": ["sigma"], "mcculloch_pitts_neuron": []}[pop["model"]]
    out = {k: float(d[k]) for k in keys}
    out.update({k: float(v) for k, v in pop["params"].items()})
    return out


def gain(model, q, x):
    if model == "ginzburg_neuron":
        g = q["c_1"] * x + q["c_2"] * 0.5 * (1.0 + math.tanh(q["c_3"] * (x - q["theta"])))
        return min(1.0, max(0.0, g))
    if model == "erfc_neuron":
        return 0.5 * math.erfc(-(x - q["theta"]) / (math.sqrt(2.0) * q["sigma"]))
    return 1.0 if x > q["theta"] else 0.0


def expectations(nest, sc):
    h = sc["resolution"]
    incoming = {}
    for c in sc["connections"]:
        incoming.setdefault(c["to"], []).append(c)
    pops = {p["name"]: p for p in sc["populations"]}
    p_up = {}
    out = {}
    for p in sc["populations"]:
        q = full_params(nest, p)
        if p["name"] not in incoming:
            x = p["dc"] if p["dc"] is not None else 0.0
            pr = gain(p["model"], q, x)
            p_up[p["name"]] = pr
            e = {}
            for stat in p["stats"]:
                if stat == "mean_S":
                    e[stat] = pr
                elif stat in ("up_rate", "down_rate"):
                    e[stat] = 1000.0 * pr * (1.0 - pr) / q["tau_m"]
                elif stat == "first_up_time" and pr == 1.0 and p["model"] == "mcculloch_pitts_neuron":
                    e[stat] = h * (2.0 + 1.0 / math.expm1(h / q["tau_m"]))
            if e:
                out[p["name"]] = e
    for p in sc["populations"]:
        ins = incoming.get(p["name"], [])
        if (p["model"] == "mcculloch_pitts_neuron" and p["dc"] is None and len(ins) == 1
                and ins[0]["from"] in p_up and pops[ins[0]["from"]] is not p):
            c = ins[0]
            q = full_params(nest, p)
            K, w, pr = c["indegree"], c["weight"], p_up[c["from"]]
            e = {}
            if "h_mean" in p["stats"]:
                e["h_mean"] = w * K * pr
            if "mean_S" in p["stats"]:
                e["mean_S"] = math.fsum(math.comb(K, k) * pr ** k * (1.0 - pr) ** (K - k)
                                        for k in range(K + 1) if w * k > q["theta"])
            if e:
                out[p["name"]] = e
    return out


# --------------------------------------------------------------------------
# scenario
# --------------------------------------------------------------------------

def with_control(nest, sc):
    """The scenario with the control parameter changed (a parameter left at its NEST default
    is set explicitly), and the new value."""
    ctl = sc["control"]
    alt = json.loads(json.dumps(sc))
    for p in alt["populations"]:
        if p["name"] == ctl["population"]:
            if ctl["param"] == "dc":
                p["dc"] = p["dc"] * ctl["factor"]
                return alt, p["dc"]
            base = p["params"].get(ctl["param"], nest.GetDefaults(p["model"])[ctl["param"]])
            p["params"][ctl["param"]] = base * ctl["factor"]
            return alt, p["params"][ctl["param"]]
    raise ScenarioError("control population not found")


def rounded(stats, per_seed=True):
    out = {}
    for pop, d in stats.items():
        out[pop] = {}
        for stat, v in d.items():
            e = {"mean": sig(v["mean"]), "se": sig(v["se"])}
            if per_seed:
                e["per_seed"] = [sig(x) for x in v["per_seed"]]
            out[pop][stat] = e
    return out


def run_scenario(nest, sc):
    base = over_seeds(sc, nest, sc["seeds"])
    for pop, d in base.items():
        for stat, v in d.items():
            if v["se"] > MAX_REL_SE * abs(v["mean"]):
                fail(sc, "%s %s: se %.3g is more than 1 %% of the mean %.6g"
                     % (pop, stat, v["se"], v["mean"]))
    expected = expectations(nest, sc)
    for pop, d in expected.items():
        for stat, x in d.items():
            v = base[pop][stat]
            if abs(v["mean"] - x) > Z_SE * v["se"]:
                fail(sc, "%s %s: NEST %.6g +- %.3g, expected %.6g" % (pop, stat, v["mean"], v["se"], x))
    alt, value = with_control(nest, sc)
    ctl_seeds = [s + CONTROL_SEED_OFFSET for s in sc["seeds"]]
    moved = over_seeds(alt, nest, ctl_seeds)
    z, detected = {}, []
    for pop, d in base.items():
        z[pop] = {}
        for stat, v in d.items():
            m = moved[pop][stat]
            zz = (m["mean"] - v["mean"]) / math.sqrt(v["se"] ** 2 + m["se"] ** 2)
            z[pop][stat] = sig(zz, 4)
            if abs(zz) > Z_SE:
                detected.append([pop, stat])
    if not detected:
        fail(sc, "control: no statistic moves by more than %g combined se" % Z_SE)
    return {
        "name": sc["name"],
        "nest_version": nest.__version__,
        "scenario": sc,
        "se_rule": "se = sd over seeds (ddof 1) / sqrt(number of seeds)",
        "statistics": rounded(base),
        "expected": {pop: {k: sig(x) for k, x in d.items()} for pop, d in expected.items()},
        "control": {
            "population": sc["control"]["population"],
            "param": sc["control"]["param"],
            "factor": sc["control"]["factor"],
            "value": sig(value),
            "seeds": ctl_seeds,
            "statistics": rounded(moved, per_seed=False),
            "expected": {pop: {k: sig(x) for k, x in d.items()}
                         for pop, d in expectations(nest, alt).items()},
            "z": z,
            "detected": detected,
        },
    }


def check_connectivity_rules(nest):
    """Only noise_generator among the current generators may drive a binary neuron; binary and
    spiking neurons do not connect; the models' defaults."""
    for dev, ok in (("noise_generator", True), ("dc_generator", False), ("ac_generator", False),
                    ("step_current_generator", False)):
        nest.ResetKernel()
        n = nest.Create("ginzburg_neuron")
        g = nest.Create(dev)
        try:
            nest.Connect(g, n)
            accepted = True
        except Exception:
            accepted = False
        if accepted != ok:
            raise ScenarioError("%s %s by a binary neuron, expected otherwise"
                                % (dev, "accepted" if accepted else "refused"))
    for pre, post in (("ginzburg_neuron", "iaf_psc_alpha"), ("iaf_psc_alpha", "ginzburg_neuron")):
        nest.ResetKernel()
        a, b = nest.Create(pre), nest.Create(post)
        try:
            nest.Connect(a, b)
        except Exception:
            continue
        raise ScenarioError("NEST connected %s to %s" % (pre, post))
    d = {m: nest.GetDefaults(m) for m in MODELS}
    want = {"ginzburg_neuron": {"tau_m": 10.0, "theta": 0.0, "c_1": 0.0, "c_2": 1.0, "c_3": 1.0},
            "erfc_neuron": {"tau_m": 10.0, "theta": 0.0, "sigma": 1.0},
            "mcculloch_pitts_neuron": {"tau_m": 10.0, "theta": 0.0}}
    for m, kv in want.items():
        for k, v in kv.items():
            if d[m][k] != v:
                raise ScenarioError("%s default %s is %r, expected %r" % (m, k, d[m][k], v))


def generate(outdir, verbose=False):
    with open(SCENARIOS) as f:
        scenarios = json.load(f)
    names = [sc["name"] for sc in scenarios]
    if len(set(names)) != len(names):
        raise ScenarioError("duplicate scenario names")
    for sc in scenarios:
        validate(sc)
    nest = nest_common.import_nest(ScenarioError)
    check_connectivity_rules(nest)
    written = []
    for sc in scenarios:
        t0 = time.time()
        out = run_scenario(nest, sc)
        text = nest_common.dumps(out) + "\n"
        if json.loads(text) != out:
            fail(sc, "JSON round trip failed")
        with open(Path(outdir) / (sc["name"] + ".json"), "w", newline="\n") as f:
            f.write(text)
        written.append(sc["name"])
        if verbose:
            print("  %-32s %6.1f s" % (sc["name"], time.time() - t0))
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with tests/fixtures/binary/")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the time of each scenario")
    args = ap.parse_args()
    t0 = time.time()
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                names = generate(tmp, args.verbose)
                bad = nest_common.stale_files(tmp, FIXTURES, [n + ".json" for n in names], REPO)
            if nest_common.report_stale(bad):
                return 1
            print("all %d binary fixtures up to date (%.1f s)" % (len(names), time.time() - t0))
            return 0
        FIXTURES.mkdir(parents=True, exist_ok=True)
        names = generate(FIXTURES, args.verbose)
        print("wrote %d binary fixtures to %s (%.1f s)"
              % (len(names), FIXTURES.relative_to(REPO), time.time() - t0))
        return 0
    except ScenarioError as e:
        print("ERROR: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
