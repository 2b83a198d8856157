#!/usr/bin/env python3
"""NEST 3.10 reference fixtures for stimulation devices and recorders.

Reads tests/nest/device_scenarios.json, simulates every scenario with NEST
and writes tests/fixtures/devices/<name>.json.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/devices.py            # (re)write the fixtures
    python tests/nest/devices.py --check    # regenerate into a temp dir and
                                            # compare byte-for-byte

Scenario schema (JSON list; keys in this order, the two marked optional
may be left out):

    name, resolution, simtime, model, n_neurons, neuron_params,
    device:      {"type": <NEST generator model>, "params": {NEST names}} | null
    connection:  {"weight", "delay", "receptor"} | null (only with device null);
                 device -> every neuron, all_to_all, static_synapse
    record:      {"multimeter": {"record_from", "interval", ["offset"], "start",
                                 "stop" (null = none), "origin"} | null,
                  "spike_recorder": {"start", "stop", "origin"} | null,
                  "device_multimeter": {"record_from": ["I"], "interval"} | null}
    rng_seeds    (optional, statistics only; default [1])
    stats_after  (optional, noise_generator only)
    compare:     "exact" | "statistics"
    min_events, note

Node ids: the neurons are created first (ids 1..n_neurons), then the
device, the multimeter, the spike recorder and the device multimeter.
Every scenario runs with local_num_threads = 1 and nest.rng_seed = seed.

"events" (what min_events bounds): the number of spike_recorder events if
the scenario has a spike recorder, otherwise the number of multimeter
values (samples x neurons), for the first seed.

Recording quirk (as in gen_fixtures.py): NEST hands over the multimeter
samples of the last min-delay slice only at the next Simulate call, so
every scenario is simulated for simtime + pad (pad >= min_delay) and all
recorded data are cut to t <= simtime.

Every scenario is checked against the semantics claimed in its note (the
script fails loudly otherwise); the verified facts are written to the
fixture's "semantics" block.  "exact" fixtures hold the full recorded data;
"statistics" fixtures hold summaries only (raw events depend on NEST's RNG
stream), per seed and as mean / sd over seeds (sd with ddof = 1).
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
SCENARIOS = HERE / "device_scenarios.json"
FIXTURES = REPO / "tests" / "fixtures" / "devices"

KEYS = ["name", "resolution", "simtime", "model", "n_neurons", "neuron_params", "device",
        "connection", "record", "rng_seeds", "stats_after", "compare", "min_events", "note"]
OPTIONAL = {"rng_seeds", "stats_after"}
MODELS = {"iaf_psc_alpha", "iaf_psc_delta", "iaf_psc_exp", "parrot_neuron"}
DEVICES = {"dc_generator", "ac_generator", "noise_generator", "step_current_generator",
           "poisson_generator", "spike_generator"}
CURRENT_GENERATORS = {"dc_generator", "ac_generator", "step_current_generator", "noise_generator"}
EPS = 1e-9


class ScenarioError(Exception):
    pass


def fail(sc, msg):
    raise ScenarioError("%s: %s" % (sc.get("name", "?"), msg))


def import_nest():
    return nest_common.import_nest(ScenarioError)


def steps(t, h):
    k = round(t / h)
    if abs(t - k * h) > EPS * max(1.0, abs(t)):
        raise ScenarioError("time %r not on the %g ms grid" % (t, h))
    return int(k)


def mean(xs):
    return math.fsum(xs) / len(xs)


def var0(xs):
    m = mean(xs)
    return math.fsum((x - m) ** 2 for x in xs) / len(xs)


def sd1(xs):
    m = mean(xs)
    return math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (len(xs) - 1))


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------

def validate(sc):
    keys = [k for k in KEYS if k in sc]
    if list(sc.keys()) != keys or not set(KEYS) - OPTIONAL <= set(sc):
        fail(sc, "keys must be %s (optional: %s) in this order" % (KEYS, sorted(OPTIONAL)))
    if sc["model"] not in MODELS:
        fail(sc, "unknown model %r" % sc["model"])
    h, T = sc["resolution"], sc["simtime"]
    steps(T, h)
    dev = sc["device"]
    if dev is not None:
        if dev["type"] not in DEVICES:
            fail(sc, "unknown device %r" % dev["type"])
        c = sc["connection"]
        if c is None or set(c) != {"weight", "delay", "receptor"}:
            fail(sc, "connection must have weight, delay, receptor")
        steps(c["delay"], h)
    elif sc["connection"] is not None:
        fail(sc, "connection without device")
    rec = sc["record"]
    if set(rec) != {"multimeter", "spike_recorder", "device_multimeter"}:
        fail(sc, "record needs multimeter, spike_recorder, device_multimeter (null allowed)")
    if rec["device_multimeter"] is not None and (dev is None or dev["type"] not in CURRENT_GENERATORS):
        fail(sc, "device_multimeter only for current generators")
    if sc["compare"] not in ("exact", "statistics"):
        fail(sc, "compare must be exact or statistics")
    if "rng_seeds" in sc and sc["compare"] != "statistics":
        fail(sc, "rng_seeds only for statistics scenarios")
    if not isinstance(sc["min_events"], int) or sc["min_events"] < 1:
        fail(sc, "min_events must be a positive int")


# --------------------------------------------------------------------------
# simulation
# --------------------------------------------------------------------------

def simulate(nest, sc, seed):
    h, T = sc["resolution"], sc["simtime"]
    n = sc["n_neurons"]
    rec = sc["record"]
    dev = sc["device"]
    nest.ResetKernel()
    nest.set(resolution=h, local_num_threads=1, rng_seed=seed)

    if sc["neuron_params"]:
        neurons = nest.Create(sc["model"], n, params=sc["neuron_params"])
    else:
        neurons = nest.Create(sc["model"], n)
    if list(neurons.tolist()) != list(range(1, n + 1)):
        fail(sc, "neurons do not have node ids 1..n")
    gen = nest.Create(dev["type"], params=dev["params"]) if dev else None
    mm = sr = dmm = None
    if rec["multimeter"] is not None:
        p = dict(rec["multimeter"])
        if p["stop"] is None:
            del p["stop"]
        mm = nest.Create("multimeter", params=p)
    if rec["spike_recorder"] is not None:
        p = dict(rec["spike_recorder"])
        if p["stop"] is None:
            del p["stop"]
        sr = nest.Create("spike_recorder", params=p)
    if rec["device_multimeter"] is not None:
        dmm = nest.Create("multimeter", params=rec["device_multimeter"])

    # Hidden checkers, created last; they do not draw random numbers.
    aux = {}
    if dev and dev["type"] == "spike_generator":
        aux["gen_spikes"] = nest.Create("spike_recorder")
    if dev is None:
        aux["all_spikes"] = nest.Create("spike_recorder")
        aux["all_vm"] = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": h})

    if gen is not None:
        c = sc["connection"]
        nest.Connect(gen, neurons, syn_spec={"synapse_model": "static_synapse",
                                             "weight": float(c["weight"]),
                                             "delay": float(c["delay"]),
                                             "receptor_type": int(c["receptor"])})
    if mm is not None:
        nest.Connect(mm, neurons)
    if sr is not None:
        nest.Connect(neurons, sr)
    if dmm is not None:
        nest.Connect(dmm, gen)
    if "gen_spikes" in aux:
        nest.Connect(gen, aux["gen_spikes"])
    if "all_spikes" in aux:
        nest.Connect(neurons, aux["all_spikes"])
        nest.Connect(aux["all_vm"], neurons)

    initial = {}
    if sc["model"] != "parrot_neuron":
        st = neurons[0].get(["V_m", "E_L", "V_reset", "V_th", "C_m", "tau_m", "t_ref", "I_e"])
        initial = {k: float(v) for k, v in st.items()}

    pad = max(nest.GetKernelStatus("min_delay"), sc["connection"]["delay"] if sc["connection"] else 0.0, 1.0)
    nest.Simulate(T + pad)

    out = {"initial": initial}
    if mm is not None:
        out["multimeter"] = read_multimeter(sc, mm, rec["multimeter"]["record_from"], T)
    if sr is not None:
        out["spike_recorder"] = read_spikes(sr, T)
    if dmm is not None:
        out["device_multimeter"] = read_multimeter(sc, dmm, rec["device_multimeter"]["record_from"], T,
                                                   single=True)
    for k, d in aux.items():
        if k == "all_vm":
            out[k] = read_multimeter(sc, d, ["V_m"], T)
        else:
            out[k] = read_spikes(d, T)
    return out


def read_multimeter(sc, mm, variables, T, single=False):
    ev = mm.get("events")
    times = [float(t) for t in ev["times"]]
    senders = [int(s) for s in ev["senders"]]
    rows = sorted(range(len(times)), key=lambda i: (times[i], senders[i]))
    by_sender = {}
    for i in rows:
        if times[i] <= T + EPS:
            by_sender.setdefault(senders[i], []).append(i)
    ids = sorted(by_sender)
    if not ids:
        fail(sc, "multimeter recorded nothing")
    tlist = [times[i] for i in by_sender[ids[0]]]
    for s in ids:
        if [times[i] for i in by_sender[s]] != tlist:
            fail(sc, "senders have different sample times")
    data = {"times": tlist}
    if single:
        if len(ids) != 1:
            fail(sc, "device multimeter with several senders")
        for v in variables:
            data[v] = [float(ev[v][i]) for i in by_sender[ids[0]]]
        return data
    data["senders"] = ids
    for v in variables:
        data[v] = [[float(ev[v][i]) for i in by_sender[s]] for s in ids]
    return data


def read_spikes(sr, T):
    ev = sr.get("events")
    pairs = sorted((float(t), int(s)) for t, s in zip(ev["times"], ev["senders"]) if t <= T + EPS)
    return {"times": [p[0] for p in pairs], "senders": [p[1] for p in pairs]}


# --------------------------------------------------------------------------
# checks: verify the semantics each scenario claims
# --------------------------------------------------------------------------

def window_steps(p, h, default_stop):
    origin = p.get("origin", 0.0)
    start = p.get("start", 0.0)
    stop = p.get("stop")
    a = steps(origin, h) + steps(start, h)
    b = steps(origin, h) + steps(stop, h) if stop is not None else default_stop
    return a, b


def check_multimeter_grid(sc, data):
    """Samples at offset + k*interval within (origin+start, origin+stop], t <= simtime."""
    h, T = sc["resolution"], sc["simtime"]
    p = sc["record"]["multimeter"]
    iv = steps(p["interval"], h)
    off = steps(p.get("offset", 0.0), h)
    a, b = window_steps(p, h, steps(T, h))
    b = min(b, steps(T, h))
    want = [s for s in range(1, steps(T, h) + 1) if (s - off) % iv == 0 and a < s <= b]
    got = [steps(t, h) for t in data["times"]]
    if got != want:
        fail(sc, "multimeter samples %r..%r (%d) differ from the window rule %r..%r (%d)"
             % (got[:2], got[-2:], len(got), want[:2], want[-2:], len(want)))
    return {"first_sample": data["times"][0], "last_sample": data["times"][-1], "n_samples": len(got),
            "rule": "samples at t = offset + k*interval (k integer, t > 0) with "
                    "origin+start < t <= origin+stop; t is the end of the update step"}


def propagators(model, init, h):
    tau, c = init["tau_m"], init["C_m"]
    p22 = math.exp(-h / tau)
    p20 = -tau / c * math.expm1(-h / tau)
    return p22, p20


def inferred_current(sc, data, init, spikes):
    """Current acting on V_m in the step ending at each sample (no synaptic input).

    V(t) - E_L = P22 (V(t-h) - E_L) + P20 (I_e + I(t));  samples from a spike
    to the end of its refractory period, t_spike <= t <= t_spike + t_ref
    (V_m clamped to V_reset), give None.
    """
    h = sc["resolution"]
    p22, p20 = propagators(sc["model"], init, h)
    el = init["E_L"]
    vs = data["multimeter"]["V_m"][0]
    ts = data["multimeter"]["times"]
    nref = steps(init["t_ref"], h)
    clamped = set(steps(t, h) + k for t in spikes for k in range(nref + 1))
    out = []
    prev = init["V_m"]
    for t, v in zip(ts, vs):
        if steps(t, h) in clamped:
            out.append(None)
        else:
            out.append(((v - el) - p22 * (prev - el)) / p20 - init["I_e"])
        prev = v
    return out


def expected_device_current(sc, t):
    """Current the device itself reports for device sample time t."""
    h = sc["resolution"]
    d = sc["device"]
    p = d["params"]
    a, b = window_steps(p, h, 10 ** 12)
    s = steps(t, h)
    if not (a <= s < b):
        return 0.0
    if d["type"] == "dc_generator":
        return p["amplitude"]
    if d["type"] == "ac_generator":
        return p["offset"] + p["amplitude"] * math.sin(2 * math.pi * p["frequency"] * t / 1000.0
                                                       + p["phase"] * math.pi / 180.0)
    if d["type"] == "step_current_generator":
        val = 0.0
        for at, av in zip(p["amplitude_times"], p["amplitude_values"]):
            if steps(at, h) <= s:
                val = av
        return val
    raise AssertionError


def check_current_generator(sc, data):
    h = sc["resolution"]
    d = sc["device"]["type"]
    c = sc["connection"]
    init = data["initial"]
    dm = data["device_multimeter"]
    tol_dev = 1e-9 * max(1.0, abs(sc["device"]["params"].get("amplitude", 0.0)))
    nz = []
    for t, i in zip(dm["times"], dm["I"]):
        e = expected_device_current(sc, t)
        if abs(i - e) > tol_dev:
            fail(sc, "device I at %r is %r, expected %r" % (t, i, e))
        if i != 0.0:
            nz.append(t)
    if not nz:
        fail(sc, "device never active")
    if steps(dm["times"][0], h) != 1:
        fail(sc, "device multimeter does not start at h")
    # device sample t acts on V_m in the neuron step ending at t + delay + h
    lag = steps(c["delay"], h) + 1
    dev_by_step = {steps(t, h): i for t, i in zip(dm["times"], dm["I"])}
    inf = inferred_current(sc, data, init, data["spike_recorder"]["times"])
    effect = []
    n_cmp = 0
    for t, ii in zip(data["multimeter"]["times"], inf):
        if ii is None:
            continue
        src = steps(t, h) - lag
        want = c["weight"] * dev_by_step.get(src, 0.0)
        if abs(ii - want) > 1e-6 * max(1.0, abs(want)):
            fail(sc, "current acting on V_m in step ending %r is %r, expected %r (device sample %r)"
                 % (t, ii, want, src * h))
        n_cmp += 1
        if want != 0.0:
            effect.append(t)
    if len(data["spike_recorder"]["times"]) < 1:
        fail(sc, "neuron never fires")
    return {
        "device_I_first_nonzero": nz[0], "device_I_last_nonzero": nz[-1],
        "device_rule": "device sample t (t >= h) reports the current for origin+start <= t < "
                       "origin+stop, else 0",
        "first_V_effect": effect[0], "last_V_effect": effect[-1],
        "lag_rule": "the current of device sample t (times weight) acts on V_m during the neuron "
                    "step (t + delay, t + delay + h]; verified for every non-refractory sample by "
                    "inverting V(t) - E_L = P22 (V(t-h) - E_L) + P20 (I_e + I)",
        "lag_ms": c["delay"] + h,
        "n_samples_verified": n_cmp,
    }


def check_spike_generator(sc, data):
    h = sc["resolution"]
    p = sc["device"]["params"]
    c = sc["connection"]
    a, b = window_steps(p, h, 10 ** 12)
    o = steps(p.get("origin", 0.0), h)
    want = []
    arrivals = {}
    for i, t in enumerate(p["spike_times"]):
        s = o + steps(t, h)
        if a < s <= b:
            m = p["spike_multiplicities"][i] if p.get("spike_multiplicities") else 1
            w = p["spike_weights"][i] if p.get("spike_weights") else 1.0
            want += [round(s * h, 10)] * m
            arrivals[s + steps(c["delay"], h)] = c["weight"] * w * m
    got = [round(t, 10) for t in data["gen_spikes"]["times"]]
    if got != want:
        fail(sc, "generator emitted %r, expected %r" % (got, want))
    init = data["initial"]
    p22, _ = propagators(sc["model"], init, h)
    el = init["E_L"]
    ts = data["multimeter"]["times"]
    vs = data["multimeter"]["V_m"][0]
    out_spikes = set(steps(t, h) for t in data["spike_recorder"]["times"])
    jumps = []
    prev = init["V_m"]
    dropped = []
    for t, v in zip(ts, vs):
        s = steps(t, h)
        jump = (v - el) - p22 * (prev - el)
        if s in arrivals:
            if v == init["V_reset"] and s not in out_spikes:
                dropped.append(t)
            elif s not in out_spikes:
                if abs(jump - arrivals[s]) > 1e-9:
                    fail(sc, "jump at %r is %r, expected %r" % (t, jump, arrivals[s]))
                jumps.append([t, arrivals[s]])
        elif v != init["V_reset"] and abs(jump) > 1e-9:
            fail(sc, "unexpected jump %r at %r" % (jump, t))
        prev = v
    if not data["spike_recorder"]["times"] or not dropped:
        fail(sc, "expected an output spike and an input dropped in the refractory period")
    return {
        "emitted_spike_times": [t for t in data["gen_spikes"]["times"]],
        "emit_rule": "spike sent at origin + spike_time if origin+start < origin+spike_time <= "
                     "origin+stop; a multiplicity m shows as m recorder events",
        "psp_jumps": jumps,
        "jump_rule": "iaf_psc_delta jump at arrival t_spike + delay = weight * spike_weight * "
                     "multiplicity (V_m sample at the arrival time already contains it)",
        "arrivals_in_refractory_dropped": dropped,
    }


def check_recorders(sc, data):
    h, T = sc["resolution"], sc["simtime"]
    res = {}
    if data.get("spike_recorder") is not None:
        p = sc["record"]["spike_recorder"]
        a, b = window_steps(p, h, steps(T, h))
        allsp = data["all_spikes"]
        want = [(t, s) for t, s in zip(allsp["times"], allsp["senders"]) if a < steps(t, h) <= b]
        got = list(zip(data["spike_recorder"]["times"], data["spike_recorder"]["senders"]))
        if got != want:
            fail(sc, "spike_recorder window: got %r, expected %r" % (got, want))
        res["all_spike_times"] = allsp["times"]
        res["spike_rule"] = "spike_recorder keeps spikes with origin+start < t <= origin+stop"
    if data.get("multimeter") is not None:
        res.update(check_multimeter_grid(sc, data["multimeter"]))
        full = data["all_vm"]
        idx = {steps(t, h): k for k, t in enumerate(full["times"])}
        for j, s in enumerate(data["multimeter"]["senders"]):
            for t, v in zip(data["multimeter"]["times"], data["multimeter"]["V_m"][j]):
                if full["V_m"][j][idx[steps(t, h)]] != v:
                    fail(sc, "multimeter V_m at %r differs from the full-resolution trace" % t)
        res["value_rule"] = "a sample at t equals the full-resolution (interval = h) sample at t"
    return res


def check_poisson(sc, seed_data):
    h = sc["resolution"]
    p = sc["device"]["params"]
    d = steps(sc["connection"]["delay"], h)
    a, b = window_steps(p, h, 10 ** 12)
    first, last = (a + 2 + d) * h, (b + 1 + d) * h
    for seed, data in seed_data:
        t = data["spike_recorder"]["times"]
        if steps(t[0], h) != a + 2 + d or steps(t[-1], h) != b + 1 + d:
            fail(sc, "seed %d: parrot spikes span %r..%r, expected %r..%r" % (seed, t[0], t[-1], first, last))
    return {
        "first_spike_time": seed_data[0][1]["spike_recorder"]["times"][0],
        "last_spike_time": seed_data[0][1]["spike_recorder"]["times"][-1],
        "window_rule": "generator spikes carry time stamps t_gen with origin+start+2h <= t_gen <= "
                       "origin+stop+h (one step later than the nominal (origin+start, origin+stop]); "
                       "parrots spike at t_gen + delay; so parrot spikes lie in "
                       "[origin+start+delay+2h, origin+stop+delay+h]; verified for every seed (with "
                       "100 targets at 1 expected spike per step, both ends are hit with certainty)",
        "n_window_steps": b - a,
    }


# --------------------------------------------------------------------------
# statistics
# --------------------------------------------------------------------------

def poisson_summary(sc, data):
    h = sc["resolution"]
    p = sc["device"]["params"]
    n = sc["n_neurons"]
    st = data["spike_recorder"]
    per = {i: [] for i in range(1, n + 1)}
    for t, s in zip(st["times"], st["senders"]):
        per[s].append(t)
    counts = [len(per[i]) for i in range(1, n + 1)]
    isis = []
    for i in range(1, n + 1):
        ts = per[i]
        isis += [b - a for a, b in zip(ts[:-1], ts[1:])]
    a, b = window_steps(p, h, 10 ** 12)
    nwin = b - a
    hist = {}
    for i in range(1, n + 1):
        c = {}
        for t in per[i]:
            c[steps(t, h)] = c.get(steps(t, h), 0) + 1
        for k in c.values():
            hist[k] = hist.get(k, 0) + 1
        hist[0] = hist.get(0, 0) + nwin - len(c)
    kmax = max(hist)
    return {
        "total_count": len(st["times"]),
        "count_mean": mean(counts),
        "count_variance": var0(counts),
        "mean_isi": mean(isis),
        "multiplicity_histogram": [hist.get(k, 0) for k in range(kmax + 1)],
        "per_target_counts": counts,
    }


def poisson_theory(sc):
    h = sc["resolution"]
    p = sc["device"]["params"]
    a, b = window_steps(p, h, 10 ** 12)
    lam = p["rate"] * h / 1000.0
    nwin = b - a
    n = sc["n_neurons"]
    return {
        "count_mean": lam * nwin,
        "count_variance": lam * nwin,
        "multiplicity_pmf": [math.exp(-lam) * lam ** k / math.factorial(k) for k in range(8)],
        "expected_total_count": n * lam * nwin,
        "note": "per (target, step): count ~ Poisson(rate*h/1000) over the %d window steps" % nwin,
    }


def noise_summary(sc, data):
    h = sc["resolution"]
    t0 = sc["stats_after"]
    mmd = data["multimeter"]
    init = data["initial"]
    p22, p20 = propagators(sc["model"], init, h)
    el = init["E_L"]
    c = sc["connection"]
    lag = steps(c["delay"], h) + 1
    m = steps(sc["device"]["params"]["dt"], h)
    vs_all, cur_all, draws, neuron_means = [], [], [], []
    boundaries = None
    for j, vs in enumerate(mmd["V_m"]):
        prev = init["V_m"]
        cur = []
        for t, v in zip(mmd["times"], vs):
            cur.append(((v - el) - p22 * (prev - el)) / p20 - init["I_e"])
            prev = v
        # the current is piecewise constant: blocks of m steps, the first block's
        # device sample is h, so blocks start at neuron samples (1 + k*m) + lag
        sel = [k for k, t in enumerate(mmd["times"]) if t > t0 + EPS]
        vs_all += [vs[k] for k in sel]
        neuron_means.append(mean([vs[k] for k in sel]))
        cur_all += [cur[k] for k in sel]
        for k, t in enumerate(mmd["times"]):
            s = steps(t, h)
            if s < 1 + lag:
                if abs(cur[k]) > 1e-9:
                    fail(sc, "noise current before %r" % ((1 + lag) * h))
                continue
            if (s - 1 - lag) % m == 0:
                if t > t0 + EPS:
                    draws.append(cur[k])
            elif abs(cur[k] - cur[k - 1]) > 1e-6 * max(1.0, abs(cur[k])):
                fail(sc, "noise current changes inside a dt block at %r" % t)
        if boundaries is None:
            boundaries = [mmd["times"][k] for k in range(1, len(cur))
                          if abs(cur[k] - cur[k - 1]) > 1e-6][:4]
    return {
        "V_m_mean": mean(vs_all),
        "V_m_variance": var0(vs_all),
        "current_mean": mean(cur_all),
        "current_variance": var0(cur_all),
        "draw_mean": mean(draws),
        "draw_variance": var0(draws),
        "n_draws": len(draws),
        "neuron_V_m_means": neuron_means,
        "first_current_changes": boundaries,
    }


def noise_theory(sc, init):
    h = sc["resolution"]
    p = sc["device"]["params"]
    w = sc["connection"]["weight"]
    mu, sig = w * p["mean"], w * p["std"]
    m = steps(p["dt"], h)
    tau, c = init["tau_m"], init["C_m"]
    r = tau / c
    a = math.exp(-h / tau)
    A = a ** m
    vb = (r * (1 - A)) ** 2 * sig ** 2 / (1 - A * A)
    var = mean([a ** (2 * j) * vb + (r * (1 - a ** j)) ** 2 * sig ** 2 for j in range(1, m + 1)])
    return {
        "V_m_mean": init["E_L"] + r * (init["I_e"] + mu),
        "V_m_variance": var,
        "current_mean": mu,
        "current_variance": sig ** 2,
        "note": "stationary values for a current that is constant over blocks of dt and i.i.d. "
                "N(mean, std^2) between blocks, sampled at every step: with a = exp(-h/tau_m), "
                "A = a^m (m = dt/h), R = tau_m/C_m, Vb = R^2 (1-A)^2 std^2 / (1-A^2), "
                "Var = mean_{j=1..m} [a^(2j) Vb + R^2 (1-a^j)^2 std^2]; the start-up transient "
                "(exp(-(stats_after - 1.2)/tau_m)) is neglected",
    }


NOISE_DEFS = {
    "V_m_mean": "mean of V_m over all neurons and all samples with t > stats_after",
    "V_m_variance": "population variance (ddof=0) of the same pooled V_m samples",
    "current_mean": "mean of the injected current I over the same (neuron, sample) pairs; I for the "
                    "step ending at t is recovered exactly from V_m: ((V(t)-E_L) - P22 (V(t-h)-E_L))/P20 "
                    "- I_e, P22 = exp(-h/tau_m), P20 = tau_m/C_m (1 - P22)",
    "current_variance": "population variance (ddof=0) of those current values",
    "draw_mean": "mean over the individual noise draws (one per neuron and dt block starting after "
                 "stats_after)",
    "draw_variance": "population variance (ddof=0) of the draws",
    "n_draws": "number of draws entering draw_mean",
    "neuron_V_m_means": "per neuron (node id order) mean V_m over t > stats_after",
    "first_current_changes": "first times (neuron 1) at which the injected current changes; block "
                             "boundaries lie at neuron samples 1.2 + k*dt (device samples h + k*dt, "
                             "lag delay + h)",
}

POISSON_DEFS = {
    "total_count": "number of parrot spikes (recorder events, multiplicity expanded) in (0, simtime]",
    "count_mean": "mean over targets of the per-target spike count",
    "count_variance": "population variance (ddof=0) over targets of the per-target count",
    "mean_isi": "mean of all inter-spike intervals, pooled over targets, each target's sorted spike "
                "times; coincident spikes (multiplicity > 1) give ISI 0 and are included [ms]",
    "multiplicity_histogram": "entry k = number of (target, window step) pairs with exactly k spikes "
                              "(k = 0 counts the empty steps among the window steps)",
    "per_target_counts": "spike count of each parrot, node id order",
}


def summarise(sc, seed_data, fn, defs, theory):
    per_seed = []
    for seed, data in seed_data:
        s = fn(sc, data)
        per_seed.append(dict([("seed", seed)] + list(s.items())))
    scalar = [k for k, v in per_seed[0].items() if k != "seed" and isinstance(v, (int, float))]
    return {
        "definitions": defs,
        "theory": theory,
        "per_seed": per_seed,
        "mean": {k: mean([float(p[k]) for p in per_seed]) for k in scalar},
        "sd": {k: sd1([float(p[k]) for p in per_seed]) for k in scalar},
        "across_seed_rule": "mean and sample standard deviation (ddof=1) over the seeds",
    }


# --------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------

def count_events(sc, data):
    if sc["record"]["spike_recorder"] is not None:
        return len(data["spike_recorder"]["times"])
    mmd = data["multimeter"]
    return len(mmd["times"]) * len(mmd["senders"])


def run_scenario(nest, sc):
    seeds = sc.get("rng_seeds", [1])
    seed_data = [(seed, simulate(nest, sc, seed)) for seed in seeds]
    data = seed_data[0][1]
    dev = sc["device"]["type"] if sc["device"] else None
    n_events = count_events(sc, data)
    if n_events < sc["min_events"]:
        fail(sc, "%d events, min_events is %d" % (n_events, sc["min_events"]))

    semantics = {}
    if sc["record"]["multimeter"] is not None and dev is not None:
        semantics["multimeter"] = check_multimeter_grid(sc, data["multimeter"])
    if dev in ("dc_generator", "ac_generator", "step_current_generator"):
        semantics.update(check_current_generator(sc, data))
    elif dev == "spike_generator":
        semantics.update(check_spike_generator(sc, data))
    elif dev == "poisson_generator":
        semantics.update(check_poisson(sc, seed_data))
    elif dev is None:
        semantics.update(check_recorders(sc, data))

    out = {"name": sc["name"], "nest_version": nest.__version__, "scenario": sc,
           "compare": sc["compare"], "n_events": n_events, "semantics": semantics}
    if sc["compare"] == "exact":
        rec = {}
        for k in ("multimeter", "spike_recorder", "device_multimeter"):
            if k in data:
                rec[k] = data[k]
        out["data"] = rec
    elif dev == "noise_generator":
        out["summary"] = summarise(sc, seed_data, noise_summary, NOISE_DEFS,
                                   noise_theory(sc, data["initial"]))
        out["summary"]["stats_after"] = sc["stats_after"]
    elif dev == "poisson_generator":
        out["summary"] = summarise(sc, seed_data, poisson_summary, POISSON_DEFS, poisson_theory(sc))
    else:
        fail(sc, "no statistics defined for %s" % dev)
    return out, n_events


dumps = nest_common.dumps


def generate(outdir):
    with open(SCENARIOS) as f:
        scenarios = json.load(f)
    names = [sc["name"] for sc in scenarios]
    if len(set(names)) != len(names):
        raise ScenarioError("duplicate scenario names")
    for sc in scenarios:
        validate(sc)
    nest = import_nest()
    written = []
    for sc in scenarios:
        out, n_events = run_scenario(nest, sc)
        text = dumps(out) + "\n"
        if json.loads(text) != out:
            fail(sc, "JSON round trip failed")
        with open(Path(outdir) / (sc["name"] + ".json"), "w", newline="\n") as f:
            f.write(text)
        written.append((sc["name"], n_events, sc["min_events"]))
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with tests/fixtures/devices/")
    ap.add_argument("-v", "--verbose", action="store_true", help="print event counts")
    args = ap.parse_args()
    t0 = time.time()
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                written = generate(tmp)
                bad = nest_common.stale_files(tmp, FIXTURES, [w[0] + ".json" for w in written], REPO)
            if nest_common.report_stale(bad):
                return 1
            print("all %d device fixtures up to date (%.1f s)" % (len(written), time.time() - t0))
            return 0
        FIXTURES.mkdir(parents=True, exist_ok=True)
        written = generate(FIXTURES)
        if args.verbose:
            for name, n, ms in written:
                print("  %-24s %7d events (min_events %d)" % (name, n, ms))
        print("wrote %d device fixtures to %s (%.1f s)"
              % (len(written), FIXTURES.relative_to(REPO), time.time() - t0))
        return 0
    except ScenarioError as e:
        print("ERROR: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
