#!/usr/bin/env python3
"""NEST 3.10 reference statistics for the Brunel (2000) balanced network.

Rebuilds the network of NEST's PyNEST examples brunel_alpha_nest.py
(iaf_psc_alpha, PSC amplitude normalised to a PSP peak of J) and
brunel_delta_nest.py (iaf_psc_delta, weight = PSP jump J), at order 200
(NE = 800, NI = 200), for rng seeds 1..5, records the spikes of every
neuron and writes per-seed and across-seed statistics to
tests/fixtures/brunel_stats.json.

With --large it also runs the example's default size (order 2500,
NE = 10000, NI = 2500; alpha model, seed 1) once and writes
tests/fixtures/brunel_alpha_2500.json.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/brunel.py                    # write brunel_stats.json
    python tests/nest/brunel.py --large            # ... and brunel_alpha_2500.json
    python tests/nest/brunel.py --check            # regenerate into a temp dir, compare
    python tests/nest/brunel.py --check --large    # ... including the large run

Build and simulation wall-clock times are printed, never written to the
fixtures (which must be deterministic).

Statistics (all computed in plain Python with math.fsum, in a fixed order):
  rate            = number of spikes / number of neurons / (simtime / 1000) [Hz]
                    over ALL neurons of the population (silent ones included)
  CV              = mean over the neurons with >= 3 spikes of std(ISI)/mean(ISI),
                    std with ddof = 0 (population standard deviation)
  across seeds    = mean and standard error of the mean, sem = std(ddof=1)/sqrt(n)
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
FIXTURES = REPO / "tests" / "fixtures"
STATS_FILE = "brunel_stats.json"
LARGE_FILE = "brunel_alpha_2500.json"

ORDER = 200
SEEDS = [1, 2, 3, 4, 5]
LARGE_ORDER = 2500
LARGE_SEED = 1
N_REC_EXAMPLE = 50

# Parameters shared by both examples.
DT = 0.1          # ms
SIMTIME = 1000.0  # ms
DELAY = 1.5       # ms
G = 5.0
ETA = 2.0
EPSILON = 0.1
TAU_M = 20.0      # ms
THETA = 20.0      # mV
J = 0.1           # mV, PSP amplitude
T_REF = 2.0       # ms
# alpha example only
TAU_SYN = 0.5     # ms
C_M_ALPHA = 250.0  # pF
# delta example only
C_M_DELTA = 1.0   # pF (the delta example sets C_m = 1; it only matters for I_e)

EFFECTIVE_KEYS = {
    "iaf_psc_alpha": ["C_m", "tau_m", "tau_syn_ex", "tau_syn_in", "t_ref", "E_L",
                      "V_reset", "V_m", "V_th", "V_min", "I_e"],
    "iaf_psc_delta": ["C_m", "tau_m", "t_ref", "E_L", "V_reset", "V_m", "V_th",
                      "V_min", "I_e", "refractory_input"],
}


class Failure(Exception):
    pass


def import_nest():
    return nest_common.import_nest(Failure)


# --------------------------------------------------------------------------
# configuration
# --------------------------------------------------------------------------

def lambert_wm1(x):
    """Lower real branch W_{-1}(x), -1/e < x < 0, rounded to binary64."""
    import mpmath
    with mpmath.workdps(40):
        return float(mpmath.lambertw(mpmath.mpf(x), -1).real)


def psp_norm(tau_m, c_m, tau_syn):
    """Peak PSP [mV] of iaf_psc_alpha for a PSC of peak amplitude 1 pA.

    Same formula (and float64 evaluation order) as the example's
    ComputePSPnorm; W_{-1} is evaluated with mpmath instead of scipy.
    """
    import numpy as np
    a = tau_m / tau_syn
    b = 1.0 / tau_syn - 1.0 / tau_m
    t_max = 1.0 / b * (-lambert_wm1(-np.exp(-1.0 / a) / a) - 1.0 / a)
    val = (np.exp(1.0) / (tau_syn * c_m * b)
           * ((np.exp(-t_max / tau_m) - np.exp(-t_max / tau_syn)) / b - t_max * np.exp(-t_max / tau_syn)))
    return float(t_max), float(val)


def psp_norm_mp(tau_m, c_m, tau_syn):
    """Independent high-precision cross-check of psp_norm (maximise the PSP)."""
    import mpmath
    with mpmath.workdps(40):
        tm, ts, c = mpmath.mpf(tau_m), mpmath.mpf(tau_syn), mpmath.mpf(c_m)

        def v(t):  # PSP of the normalised alpha PSC (e/ts) t exp(-t/ts), 1 pA peak
            b = 1 / ts - 1 / tm
            return mpmath.e / (ts * c * b) * ((mpmath.exp(-t / tm) - mpmath.exp(-t / ts)) / b
                                             - t * mpmath.exp(-t / ts))
        t_max = mpmath.findroot(lambda t: mpmath.diff(v, t), 1.0)
        return float(t_max), float(v(t_max))


def make_config(model, order):
    import numpy as np
    NE = 4 * order
    NI = 1 * order
    CE = int(EPSILON * NE)
    CI = int(EPSILON * NI)
    cfg = {"example": "brunel_%s_nest.py" % model,
           "neuron_model": "iaf_psc_%s" % model,
           "order": order, "NE": NE, "NI": NI, "N": NE + NI,
           "epsilon": EPSILON, "CE": CE, "CI": CI, "C_tot": CE + CI,
           "resolution": DT, "simtime": SIMTIME, "delay": DELAY,
           "g": G, "eta": ETA, "J": J}
    if model == "alpha":
        neuron_params = {"C_m": C_M_ALPHA, "tau_m": TAU_M, "tau_syn_ex": TAU_SYN,
                         "tau_syn_in": TAU_SYN, "t_ref": T_REF, "E_L": 0.0,
                         "V_reset": 0.0, "V_m": 0.0, "V_th": THETA}
        t_max, j_unit = psp_norm(TAU_M, C_M_ALPHA, TAU_SYN)
        t_max_mp, j_unit_mp = psp_norm_mp(TAU_M, C_M_ALPHA, TAU_SYN)
        if abs(j_unit - j_unit_mp) > 1e-13 * j_unit or abs(t_max - t_max_mp) > 1e-12:
            raise Failure("PSP normalisation disagrees with the high-precision check: %r vs %r"
                          % ((t_max, j_unit), (t_max_mp, j_unit_mp)))
        J_ex = J / j_unit
        J_in = -G * J_ex
        nu_th = (THETA * C_M_ALPHA) / (J_ex * CE * float(np.exp(1)) * TAU_M * TAU_SYN)
        cfg.update({
            "tau_m": TAU_M, "C_m": C_M_ALPHA, "V_th": THETA, "V_reset": 0.0, "E_L": 0.0,
            "t_ref": T_REF, "tau_syn": TAU_SYN,
            "J_normalisation": {
                "meaning": "J_unit = peak PSP [mV] of iaf_psc_alpha for an alpha PSC "
                           "(e/tau_syn) t exp(-t/tau_syn) of peak 1 pA; J_ex = J / J_unit [pA]",
                "formula": "a = tau_m/tau_syn; b = 1/tau_syn - 1/tau_m; "
                           "t_max = (1/b) * (-W_{-1}(-exp(-1/a)/a) - 1/a); "
                           "J_unit = e/(tau_syn*C_m*b) * ((exp(-t_max/tau_m) - exp(-t_max/tau_syn))/b "
                           "- t_max*exp(-t_max/tau_syn)); J_ex = J/J_unit; J_in = -g*J_ex",
                "W_branch": "Lambert W, lower real branch k = -1 (the example uses "
                            "scipy.special.lambertw(x, k=-1).real; here mpmath, rounded to binary64)",
                "t_max_ms": t_max,
                "J_unit_mV_per_pA": j_unit,
            },
            "J_ex": J_ex, "J_in": J_in,
            "weight_unit": "pA (PSC peak amplitude)",
            "nu_th_formula": "nu_th = theta*C_m / (J_ex*CE*e*tau_m*tau_syn)   [1/ms]",
        })
    else:
        neuron_params = {"C_m": C_M_DELTA, "tau_m": TAU_M, "t_ref": T_REF, "E_L": 0.0,
                         "V_reset": 0.0, "V_m": 0.0, "V_th": THETA}
        J_ex = J
        J_in = -G * J_ex
        nu_th = THETA / (J * CE * TAU_M)
        cfg.update({
            "tau_m": TAU_M, "C_m": C_M_DELTA, "V_th": THETA, "V_reset": 0.0, "E_L": 0.0,
            "t_ref": T_REF, "tau_syn": None,
            "J_normalisation": {
                "meaning": "none: iaf_psc_delta weights are the PSP jump in mV",
                "formula": "J_ex = J; J_in = -g*J_ex",
            },
            "J_ex": J_ex, "J_in": J_in,
            "weight_unit": "mV (membrane potential jump)",
            "nu_th_formula": "nu_th = theta / (J*CE*tau_m)   [1/ms]",
        })
    nu_ex = ETA * nu_th
    p_rate = 1000.0 * nu_ex * CE
    cfg.update({
        "nu_th_per_ms": nu_th, "nu_ex_per_ms": nu_ex,
        "p_rate_formula": "p_rate = 1000 * nu_ex * CE  [Hz], nu_ex = eta * nu_th",
        "p_rate": p_rate,
        "neuron_params": neuron_params,
        "kernel": {"resolution": DT, "local_num_threads": 1, "rng_type": "mt19937_64",
                   "rng_seed": "per seed, set via nest.rng_seed before any node is created"},
        "create_order": ["nodes_ex = Create(neuron_model, NE, neuron_params)  (node ids 1..NE)",
                         "nodes_in = Create(neuron_model, NI, neuron_params)  (node ids NE+1..N)",
                         "noise = Create('poisson_generator', {'rate': p_rate})",
                         "espikes, ispikes = two spike_recorders"],
        "synapse_models": {
            "excitatory": {"copy_of": "static_synapse", "weight": J_ex, "delay": DELAY},
            "inhibitory": {"copy_of": "static_synapse", "weight": J_in, "delay": DELAY},
        },
        "connections": [
            {"source": "noise", "target": "nodes_ex", "rule": "all_to_all", "synapse": "excitatory",
             "note": "poisson_generator sends an independent Poisson train to every target"},
            {"source": "noise", "target": "nodes_in", "rule": "all_to_all", "synapse": "excitatory"},
            {"source": "nodes_ex", "target": "espikes", "rule": "all_to_all", "synapse": "static_synapse",
             "note": "ALL neurons recorded (the example records only the first 50 with the "
                     "'excitatory' model); recorder connections draw no random numbers"},
            {"source": "nodes_in", "target": "ispikes", "rule": "all_to_all", "synapse": "static_synapse"},
            {"source": "nodes_ex", "target": "nodes_ex + nodes_in", "rule": "fixed_indegree",
             "indegree": CE, "allow_autapses": True, "allow_multapses": True, "synapse": "excitatory"},
            {"source": "nodes_in", "target": "nodes_ex + nodes_in", "rule": "fixed_indegree",
             "indegree": CI, "allow_autapses": True, "allow_multapses": True, "synapse": "inhibitory"},
        ],
        "receptor_type": 0,
    })
    return cfg


# --------------------------------------------------------------------------
# simulation
# --------------------------------------------------------------------------

def run_network(nest, cfg, seed, analyse_connections=True):
    import numpy as np
    t0 = time.perf_counter()
    nest.ResetKernel()
    nest.set(resolution=DT, local_num_threads=1, rng_seed=seed)
    if nest.rng_type != "mt19937_64":
        raise Failure("unexpected default rng_type %r" % nest.rng_type)
    model = cfg["neuron_model"]
    NE, NI = cfg["NE"], cfg["NI"]
    nodes_ex = nest.Create(model, NE, params=cfg["neuron_params"])
    nodes_in = nest.Create(model, NI, params=cfg["neuron_params"])
    noise = nest.Create("poisson_generator", params={"rate": cfg["p_rate"]})
    # effective neuron parameters right after creation (before simulating)
    st = nodes_ex[0].get(EFFECTIVE_KEYS[model])
    effective = {}
    for k in EFFECTIVE_KEYS[model]:
        v = st[k]
        if isinstance(v, (bool,)) or type(v).__name__ == "bool_":
            effective[k] = bool(v)
        elif math.isfinite(float(v)):
            effective[k] = float(v)
        else:
            effective[k] = repr(float(v))  # "-inf": JSON has no infinities

    espikes = nest.Create("spike_recorder")
    ispikes = nest.Create("spike_recorder")
    nest.CopyModel("static_synapse", "excitatory", {"weight": cfg["J_ex"], "delay": DELAY})
    nest.CopyModel("static_synapse", "inhibitory", {"weight": cfg["J_in"], "delay": DELAY})
    nest.Connect(noise, nodes_ex, syn_spec="excitatory")
    nest.Connect(noise, nodes_in, syn_spec="excitatory")
    nest.Connect(nodes_ex, espikes)
    nest.Connect(nodes_in, ispikes)
    nest.Connect(nodes_ex, nodes_ex + nodes_in,
                 {"rule": "fixed_indegree", "indegree": cfg["CE"]}, "excitatory")
    nest.Connect(nodes_in, nodes_ex + nodes_in,
                 {"rule": "fixed_indegree", "indegree": cfg["CI"]}, "inhibitory")
    t1 = time.perf_counter()
    nest.Simulate(SIMTIME)
    t2 = time.perf_counter()

    n_ex_model = nest.GetDefaults("excitatory")["num_connections"]
    n_in_model = nest.GetDefaults("inhibitory")["num_connections"]
    N = NE + NI
    if analyse_connections:
        # SynapseCollection.get() needs several kB per connection, so read the
        # network connections in blocks of targets.
        srcs, tgts, wset, dset = [], [], set(), set()
        neurons = nodes_ex + nodes_in
        for k in range(0, N, 250):
            blk = nest.GetConnections(source=neurons, target=neurons[k:k + 250])
            cs = blk.get(["source", "target", "weight", "delay"], output="")
            srcs.append(np.asarray(cs["source"], dtype=np.int64))
            tgts.append(np.asarray(cs["target"], dtype=np.int64))
            wset.update(np.unique(np.asarray(cs["weight"], dtype=float)).tolist())
            dset.update(np.unique(np.asarray(cs["delay"], dtype=float)).tolist())
            del blk, cs
        src = np.concatenate(srcs)
        tgt = np.concatenate(tgts)
        is_e = src <= NE
        n_syn_ex = int(np.count_nonzero(is_e))
        n_syn_in = int(src.size) - n_syn_ex
        autapses = int(np.count_nonzero(src == tgt))
        _, counts = np.unique(src * (N + 1) + tgt, return_counts=True)
        multapse_extra = int(np.sum(counts[counts > 1] - 1))
        indeg_e = np.bincount(tgt[is_e], minlength=N + 1)[1:]
        indeg_i = np.bincount(tgt[~is_e], minlength=N + 1)[1:]
        if np.any(indeg_e != cfg["CE"]) or np.any(indeg_i != cfg["CI"]):
            raise Failure("fixed_indegree violated")
        if wset != {cfg["J_ex"], cfg["J_in"]} or dset != {DELAY}:
            raise Failure("unexpected weights/delays in the network: %r %r" % (wset, dset))
    else:
        # order 2500 has 15.6 M connections; reading them back takes minutes
        # and GBs, so only the per-model counters are used.
        n_syn_ex = n_ex_model - N
        n_syn_in = n_in_model
        autapses = None
        multapse_extra = None
    if n_ex_model != n_syn_ex + N or n_in_model != n_syn_in:
        raise Failure("num_connections bookkeeping mismatch")
    if n_syn_ex != N * cfg["CE"] or n_syn_in != N * cfg["CI"]:
        raise Failure("unexpected number of synapses")

    spikes = {i: [] for i in range(1, N + 1)}
    for rec in (espikes, ispikes):
        ev = rec.get("events")
        for s, t in zip(ev["senders"], ev["times"]):
            spikes[int(s)].append(float(t))
    for v in spikes.values():
        v.sort()
    conn = {
        "num_synapses": n_syn_ex + n_syn_in,
        "num_synapses_ex": n_syn_ex,
        "num_synapses_in": n_syn_in,
        "num_noise_connections": N,
        "autapses": autapses,
        "multapses_extra": multapse_extra,
    }
    return spikes, conn, effective, (t1 - t0, t2 - t1)


# --------------------------------------------------------------------------
# statistics
# --------------------------------------------------------------------------

def mean(xs):
    return math.fsum(xs) / len(xs)


def cv_of(times):
    isi = [b - a for a, b in zip(times[:-1], times[1:])]
    m = mean(isi)
    var = math.fsum((x - m) ** 2 for x in isi) / len(isi)
    return math.sqrt(var) / m


def pop_stats(spikes, ids):
    n_sp = sum(len(spikes[i]) for i in ids)
    cvs = [cv_of(spikes[i]) for i in ids if len(spikes[i]) >= 3]
    return {
        "n_neurons": len(ids),
        "n_spikes": n_sp,
        "rate": n_sp / len(ids) / (SIMTIME / 1000.0),
        "n_silent": sum(1 for i in ids if not spikes[i]),
        "n_cv": len(cvs),
        "cv": mean(cvs) if cvs else None,
    }


def seed_stats(cfg, spikes, conn):
    NE, NI = cfg["NE"], cfg["NI"]
    ids_e = list(range(1, NE + 1))
    ids_i = list(range(NE + 1, NE + NI + 1))
    e = pop_stats(spikes, ids_e)
    i = pop_stats(spikes, ids_i)
    a = pop_stats(spikes, ids_e + ids_i)
    all_t = [t for k in ids_e + ids_i for t in spikes[k]]
    out = {
        "rate_E": e["rate"], "rate_I": i["rate"], "rate_all": a["rate"],
        "cv_E": e["cv"], "cv_I": i["cv"], "cv_all": a["cv"],
        "n_spikes_E": e["n_spikes"], "n_spikes_I": i["n_spikes"],
        "n_silent_E": e["n_silent"], "n_silent_I": i["n_silent"],
        "n_cv_E": e["n_cv"], "n_cv_I": i["n_cv"],
        "first_spike": min(all_t) if all_t else None,
        "last_spike": max(all_t) if all_t else None,
    }
    out.update(conn)
    return out


SUMMARY_KEYS = ["rate_E", "rate_I", "rate_all", "cv_E", "cv_I", "cv_all", "num_synapses",
                "autapses", "multapses_extra"]


def across(per_seed):
    mean_d, sem_d = {}, {}
    for k in SUMMARY_KEYS:
        xs = [float(p[k]) for p in per_seed]
        m = mean(xs)
        n = len(xs)
        sd = math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (n - 1))
        mean_d[k] = m
        sem_d[k] = sd / math.sqrt(n)
    return mean_d, sem_d


# --------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------

dumps = nest_common.dumps


def write(path, obj):
    text = dumps(obj) + "\n"
    if json.loads(text) != obj:
        raise Failure("JSON round trip failed for %s" % path.name)
    with open(path, "w", newline="\n") as f:
        f.write(text)


DEFINITIONS = {
    "rate": "number of recorded spikes in (0, simtime] / number of neurons / (simtime/1000 s); "
            "all neurons of the population, silent ones included [Hz]",
    "cv": "mean over neurons with >= 3 spikes of std(ISI)/mean(ISI); std with ddof=0 "
          "(population std); ISIs from the neuron's sorted spike times",
    "cv_all": "same over all NE+NI neurons",
    "n_silent": "neurons without any spike",
    "n_cv": "neurons that entered the CV mean",
    "num_synapses": "neuron-to-neuron connections (E->all + I->all) = N*(CE+CI); the example's "
                    "own num_synapses also counts the N noise connections and the recorder "
                    "connections made with the 'excitatory' model",
    "autapses": "connections with source == target",
    "multapses_extra": "sum over (source, target) pairs with c > 1 connections of (c - 1)",
    "mean": "arithmetic mean over seeds",
    "sem": "standard error of the mean over seeds: std(ddof=1)/sqrt(number of seeds)",
}


def verify_psp(nest, cfg):
    """A single input spike of weight J_ex must give a PSP peak of ~J (sampled at dt = 0.01)."""
    nest.ResetKernel()
    nest.set(resolution=0.01, local_num_threads=1)
    p = dict(cfg["neuron_params"], V_th=1e6)
    n = nest.Create(cfg["neuron_model"], params=p)
    sg = nest.Create("spike_generator", params={"spike_times": [1.0]})
    mm = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": 0.01})
    nest.Connect(sg, n, syn_spec={"weight": cfg["J_ex"], "delay": 1.0})
    nest.Connect(mm, n)
    nest.Simulate(20.0)
    v = mm.get("events")["V_m"]
    peak = float(max(v))
    if abs(peak - J) > 1e-4 * J:
        raise Failure("PSP peak for weight J_ex is %r mV, expected J = %r" % (peak, J))
    return peak


def generate_stats(nest, outdir):
    result = {"nest_version": nest.__version__, "seeds": SEEDS, "definitions": DEFINITIONS,
              "config": {}}
    timings = []
    for model in ("alpha", "delta"):
        cfg = make_config(model, ORDER)
        peak = verify_psp(nest, cfg)
        print("  %s: PSP peak for one spike of weight J_ex = %.9f mV (J = %g)" % (model, peak, J))
        per_seed = []
        effective = None
        for seed in SEEDS:
            spikes, conn, eff, (tb, ts) = run_network(nest, cfg, seed)
            effective = eff
            st = seed_stats(cfg, spikes, conn)
            st = dict([("seed", seed)] + list(st.items()))
            per_seed.append(st)
            timings.append((model, seed, tb, ts))
            print("  %s seed %d: build %.3f s, simulate %.3f s, rate E %.3f I %.3f Hz, CV %.4f"
                  % (model, seed, tb, ts, st["rate_E"], st["rate_I"], st["cv_all"]))
        cfg["neuron_status_effective"] = effective
        result["config"][model] = cfg
        m, s = across(per_seed)
        result[model] = {"per_seed": per_seed, "mean": m, "sem": s}
    write(Path(outdir) / STATS_FILE, result)
    return timings


def generate_large(nest, outdir):
    cfg = make_config("alpha", LARGE_ORDER)
    spikes, conn, eff, (tb, ts) = run_network(nest, cfg, LARGE_SEED, analyse_connections=False)
    cfg["neuron_status_effective"] = eff
    st = seed_stats(cfg, spikes, conn)
    NE = cfg["NE"]
    rec_e = list(range(1, N_REC_EXAMPLE + 1))
    rec_i = list(range(NE + 1, NE + N_REC_EXAMPLE + 1))
    n_e = sum(len(spikes[i]) for i in rec_e)
    n_i = sum(len(spikes[i]) for i in rec_i)
    st["rate_E_first50"] = n_e / N_REC_EXAMPLE / (SIMTIME / 1000.0)
    st["rate_I_first50"] = n_i / N_REC_EXAMPLE / (SIMTIME / 1000.0)
    defs = dict(DEFINITIONS)
    del defs["mean"], defs["sem"]
    defs["autapses"] = defs["multapses_extra"] = "not evaluated at this size (null)"
    defs["num_synapses"] = ("neuron-to-neuron connections, from the synapse models' num_connections "
                            "minus the N noise connections")
    defs["rate_E_first50"] = ("rate of the first 50 excitatory / inhibitory neurons (node ids 1..50, "
                              "NE+1..NE+50), i.e. what the example itself prints")
    result = {"nest_version": nest.__version__, "seed": LARGE_SEED, "definitions": defs,
              "config": cfg, "stats": dict([("seed", LARGE_SEED)] + list(st.items()))}
    write(Path(outdir) / LARGE_FILE, result)
    print("  alpha order %d seed %d: build %.2f s, simulate %.2f s, rate E %.3f I %.3f all %.3f Hz, "
          "CV %.4f" % (LARGE_ORDER, LARGE_SEED, tb, ts, st["rate_E"], st["rate_I"], st["rate_all"],
                       st["cv_all"]))
    return tb, ts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with tests/fixtures/")
    ap.add_argument("--large", action="store_true",
                    help="also run order 2500 (brunel_alpha_2500.json); ~30 s")
    args = ap.parse_args()
    t0 = time.time()
    try:
        nest = import_nest()
        names = [STATS_FILE] + ([LARGE_FILE] if args.large else [])
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                generate_stats(nest, tmp)
                if args.large:
                    generate_large(nest, tmp)
                bad = nest_common.stale_files(tmp, FIXTURES, names, REPO)
            if nest_common.report_stale(bad):
                return 1
            print("Brunel fixtures up to date: %s (%.1f s)" % (", ".join(names), time.time() - t0))
            return 0
        FIXTURES.mkdir(parents=True, exist_ok=True)
        generate_stats(nest, FIXTURES)
        if args.large:
            generate_large(nest, FIXTURES)
        print("wrote %s (%.1f s)" % (", ".join("tests/fixtures/" + n for n in names), time.time() - t0))
        return 0
    except Failure as e:
        print("ERROR: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
