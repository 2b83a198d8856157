#!/usr/bin/env python3
"""NEST 3.10 twins of saltatory's plastic synapse examples (src/plastic_examples/, compared in
tests/plastic_examples.rs).

- evaluate_tsodyks2_synapse: NEST's PyNEST example of that name, with a spike recorder on the
  driving neuron and a weight recorder on each synapse added. Deterministic: the fixture holds
  both voltmeters' samples, the driver's spikes, the weights each spike was sent with, and u, x
  of both synapses after the run.
- evaluate_quantal_stp_synapse: NEST's PyNEST example of that name, with a weight recorder on
  each synapse added. The tsodyks2 part is deterministic: the fixture holds the weights its
  spikes were sent with and its target's mean response (every 10th sample). The quantal part is
  random: the fixture holds the mean and standard error over cycles of the weight released per
  cycle, and the example's RMS error.
- stdp_window: one presynaptic and one postsynaptic parrot spike per time difference, then a
  read-out presynaptic spike, for each STDP model. Deterministic: the fixture holds every
  synapse's final weight.
- brunel_stdp: the Brunel alpha network with stdp_synapse on E->E, over seeds. Random: the
  fixture holds each statistic per seed, its mean and standard error.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/plastic_twins.py            # (re)write tests/fixtures/plastic_examples/
    python tests/nest/plastic_twins.py --check    # regenerate into a temp dir, compare

Wall-clock times go to standard error, never into the fixtures.
"""

import math
import sys
import time
from pathlib import Path

import nest_common

nest = nest_common.import_nest()

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "plastic_examples"


def reset(resolution, seed=1):
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.local_num_threads = 1
    nest.resolution = resolution
    nest.rng_seed = seed


# -- evaluate_tsodyks2_synapse.py --------------------------------------------------------------

STP = {
    "Depression": {"U": 0.67, "u": 0.67, "x": 1.0, "tau_rec": 450.0, "tau_fac": 0.0,
                   "weight": 250.0},
    "Facilitation": {"U": 0.1, "u": 0.1, "x": 1.0, "tau_fac": 1000.0, "tau_rec": 100.0,
                     "weight": 250.0},
}
STP_PROTOCOL = {"resolution": 0.1, "currents": [376.0, 0.0, 376.0], "phase": 500.0,
                "tau_syn_ex": 3.0, "delay": 1.0}


def stp_experiment(params):
    p = STP_PROTOCOL
    reset(p["resolution"])
    neuron = nest.Create("iaf_psc_exp", 3, params={"tau_syn_ex": p["tau_syn_ex"]})
    recorders = nest.Create("weight_recorder", 2)
    out = {}
    for k, model in enumerate(["tsodyks_synapse", "tsodyks2_synapse"]):
        nest.CopyModel(model, model + "_rec", {"weight_recorder": recorders[k]})
        syn = dict(params, synapse_model=model + "_rec", delay=p["delay"])
        nest.Connect(neuron[0], neuron[k + 1], syn_spec=syn)
    voltmeter = nest.Create("voltmeter", 2)
    nest.Connect(voltmeter[0], neuron[1])
    nest.Connect(voltmeter[1], neuron[2])
    sr = nest.Create("spike_recorder")
    nest.Connect(neuron[0], sr)
    for current in p["currents"]:
        neuron[0].I_e = current
        nest.Simulate(p["phase"])
    out["times"] = [float(t) for t in voltmeter[0].events["times"]]
    out["v_tsodyks"] = [float(v) for v in voltmeter[0].events["V_m"]]
    out["v_tsodyks2"] = [float(v) for v in voltmeter[1].events["V_m"]]
    if [float(t) for t in voltmeter[1].events["times"]] != out["times"]:
        raise SystemExit("the two voltmeters sampled at different times")
    out["spikes"] = [float(t) for t in sr.events["times"]]
    out["sent_tsodyks"] = [float(w) for w in recorders[0].events["weights"]]
    out["sent_tsodyks2"] = [float(w) for w in recorders[1].events["weights"]]
    out["final_state"] = []
    for k in (1, 2):
        c = nest.GetConnections(neuron[0], neuron[k])
        out["final_state"].append([float(c.get("u")), float(c.get("x"))])
    return out


def evaluate_tsodyks2_synapse():
    experiments = {name: dict(params=params, **stp_experiment(params))
                   for name, params in STP.items()}
    return {"protocol": STP_PROTOCOL, "experiments": experiments}


# -- evaluate_quantal_stp_synapse.py ------------------------------------------------------------

QUANTAL = {"resolution": 0.1, "seed": 12345, "n_sites": 10, "n_trials": 500, "I_stim": 376.0,
           "T_on": 500.0, "T_off": 1000.0, "tau_syn_ex": 3.0, "U": 0.02, "tau_fac": 500.0,
           "tau_rec": 200.0}


def evaluate_quantal_stp_synapse():
    p = QUANTAL
    reset(p["resolution"], p["seed"])
    cycle = p["T_on"] + p["T_off"]
    pre, tsyn_neuron, qsyn_neuron = nest.Create("iaf_psc_exp", params={"tau_syn_ex": p["tau_syn_ex"]},
                                                n=3)
    meters = nest.Create("voltmeter", params={"start": cycle, "interval": p["resolution"]}, n=2)
    recorders = nest.Create("weight_recorder", 2)
    shared = {"U": p["U"], "u": p["U"], "tau_fac": p["tau_fac"], "tau_rec": p["tau_rec"]}
    nest.CopyModel("tsodyks2_synapse", "tsodyks2_rec", {"weight_recorder": recorders[0]})
    nest.Connect(pre, tsyn_neuron, syn_spec=dict(shared, synapse_model="tsodyks2_rec", weight=1.0,
                                                 x=p["U"]))
    nest.SetDefaults("quantal_stp_synapse", dict(shared, weight=1.0 / p["n_sites"], n=p["n_sites"],
                                                 weight_recorder=recorders[1]))
    nest.Connect(pre, qsyn_neuron, syn_spec={"synapse_model": "quantal_stp_synapse"})
    nest.Connect(meters[0], tsyn_neuron)
    nest.Connect(meters[1], qsyn_neuron)
    sr = nest.Create("spike_recorder")
    nest.Connect(pre, sr)
    with nest.RunManager():
        for _ in range(p["n_trials"] + 1):
            pre.I_e = p["I_stim"]
            nest.Run(p["T_on"])
            pre.I_e = 0.0
            nest.Run(p["T_off"])
    nest.Simulate(p["resolution"])
    per_trial = round(cycle / p["resolution"])
    n = p["n_trials"]

    def mean_trace(meter):
        v = [float(x) for x in meter.events["V_m"]][: n * per_trial]
        return [math.fsum(v[k * per_trial + i] for k in range(n)) / n for i in range(per_trial)]

    tsyn_mean, qsyn_mean = mean_trace(meters[0]), mean_trace(meters[1])
    rms = math.sqrt(math.fsum((a - b) ** 2 for a, b in zip(tsyn_mean, qsyn_mean)) / per_trial)
    released = [0.0] * n
    q = recorders[1].events
    for t, w in zip(q["times"], q["weights"]):
        k = math.floor((float(t) - cycle) / cycle)
        if 0 <= k < n:
            released[k] += float(w)
    mean = math.fsum(released) / n
    var = math.fsum((r - mean) ** 2 for r in released) / (n - 1)
    return {"protocol": p, "driver_spikes": len(sr.events["times"]),
            "sent_tsyn": [float(w) for w in recorders[0].events["weights"]],
            "times_every_10th": [float(t) for t in meters[0].events["times"][:per_trial:10]],
            "v_tsyn_mean_every_10th": tsyn_mean[::10], "rms_error": rms,
            "released_per_trial": {"mean": mean, "se": math.sqrt(var / n), "n": n}}


# -- STDP window ------------------------------------------------------------------------------

WINDOW = {"resolution": 0.1, "t_pre": 1000.0, "t_readout": 3000.0, "delay": 1.0, "dt_step": 1.0,
          "n_steps": 100}
# Model, its parameters besides NEST's defaults, the postsynaptic parrots' parameters, the
# initial weight (src/plastic_examples/stdp_window.rs, WINDOW_MODELS).
WINDOW_MODELS = [
    ("stdp_synapse", {}, {}, 50.0),
    ("stdp_pl_synapse_hom", {"alpha": 0.1}, {}, 50.0),
    ("stdp_triplet_synapse", {"Aplus": 0.5, "Aminus": 0.25}, {"tau_minus": 33.7}, 50.0),
    ("stdp_nn_symm_synapse", {}, {}, 50.0),
    ("stdp_nn_pre_centered_synapse", {}, {}, 50.0),
    ("stdp_nn_restr_synapse", {}, {}, 50.0),
]
GENERATOR_DELAY = 1.0


def window_dts():
    w = WINDOW
    return [float(k) * w["dt_step"] for k in range(-w["n_steps"], w["n_steps"] + 1)]


def window_weights(model, params, post_params, weight):
    w = WINDOW
    reset(w["resolution"])
    dts = window_dts()
    n = len(dts)
    pre = nest.Create("parrot_neuron", n)
    post = nest.Create("parrot_neuron", n, params=post_params)
    t0 = w["t_pre"] - GENERATOR_DELAY
    for k, dt in enumerate(dts):
        trains = ((pre[k], [t0, w["t_readout"] - GENERATOR_DELAY]), (post[k], [t0 + dt]))
        for node, times in trains:
            g = nest.Create("spike_generator", params={"spike_times": times})
            nest.Connect(g, node, syn_spec={"delay": GENERATOR_DELAY})
    nest.CopyModel(model, "window_synapse", dict(params, weight=weight))
    nest.Connect(pre, post, "one_to_one", syn_spec={
        "synapse_model": "window_synapse", "weight": weight, "delay": w["delay"],
        "receptor_type": 1})
    nest.Simulate(w["t_readout"] + w["delay"] + 10.0)
    conns = nest.GetConnections(pre, post)
    by_source = dict(zip(conns.get("source"), conns.get("weight")))
    return [float(by_source[g]) for g in pre.tolist()]


def stdp_window():
    curves = []
    for model, params, post, weight in WINDOW_MODELS:
        curves.append({"model": model, "params": params, "post": post, "weight": weight,
                       "weights": window_weights(model, params, post, weight)})
    return {"protocol": WINDOW, "dts": window_dts(), "curves": curves}


# -- Brunel alpha with stdp_synapse on E->E -----------------------------------------------------

BRUNEL = {"order": 50, "epsilon": 0.1, "g": 5.0, "eta": 1.5, "delay": 1.5, "J": 0.1,
          "tau_m": 20.0, "theta": 20.0, "tau_syn": 0.5, "C_m": 250.0, "t_ref": 2.0,
          "resolution": 0.1, "simtime": 2000.0, "lambda": 0.01, "alpha": 1.0, "tau_plus": 20.0,
          "wmax_factor": 2.0}
BRUNEL_SEEDS = list(range(1, 17))


def lambert_w_minus1(x):
    """The lower real branch of the Lambert W function (as src/brunel.rs computes it)."""
    l1 = math.log(-x)
    w = l1 - math.log(-l1)
    if x < -0.25:
        w = -1.0 - math.sqrt(2.0 * (1.0 + math.e * x))
    for _ in range(50):
        ew = math.exp(w)
        f = w * ew - x
        step = f / (ew * (w + 1.0) - (w + 2.0) * f / (2.0 * w + 2.0))
        w -= step
        if abs(step) <= 1e-15 * abs(w):
            break
    return w


def j_ex():
    """PSC amplitude (pA) whose PSP peaks at J (brunel_alpha_nest.py's normalisation)."""
    p = BRUNEL
    tau_m, tau_s, c = p["tau_m"], p["tau_syn"], p["C_m"]
    a = tau_m / tau_s
    b = 1.0 / tau_s - 1.0 / tau_m
    t_max = 1.0 / b * (-lambert_w_minus1(-math.exp(-1.0 / a) / a) - 1.0 / a)
    unit = math.e / (tau_s * c * b) * ((math.exp(-t_max / tau_m) - math.exp(-t_max / tau_s)) / b
                                       - t_max * math.exp(-t_max / tau_s))
    return p["J"] / unit


def brunel_run(seed):
    p = BRUNEL
    reset(p["resolution"], seed)
    ne, ni = 4 * p["order"], p["order"]
    ce, ci = int(p["epsilon"] * ne), int(p["epsilon"] * ni)
    j = j_ex()
    nu_th = (p["theta"] * p["C_m"]) / (j * ce * math.e * p["tau_m"] * p["tau_syn"])
    rate = 1000.0 * (p["eta"] * nu_th) * ce
    neuron = {"C_m": p["C_m"], "tau_m": p["tau_m"], "tau_syn_ex": p["tau_syn"],
              "tau_syn_in": p["tau_syn"], "t_ref": p["t_ref"], "E_L": 0.0, "V_reset": 0.0,
              "V_m": 0.0, "V_th": p["theta"]}
    ex = nest.Create("iaf_psc_alpha", ne, params=neuron)
    inh = nest.Create("iaf_psc_alpha", ni, params=neuron)
    noise = nest.Create("poisson_generator", params={"rate": rate})
    sr = nest.Create("spike_recorder")
    nest.CopyModel("static_synapse", "excitatory", {"weight": j, "delay": p["delay"]})
    nest.CopyModel("static_synapse", "inhibitory", {"weight": -p["g"] * j, "delay": p["delay"]})
    nest.CopyModel("stdp_synapse", "plastic", {
        "weight": j, "delay": p["delay"], "lambda": p["lambda"], "alpha": p["alpha"],
        "tau_plus": p["tau_plus"], "Wmax": p["wmax_factor"] * j})
    nest.Connect(noise, ex + inh, syn_spec="excitatory")
    nest.Connect(ex, ex, {"rule": "fixed_indegree", "indegree": ce}, "plastic")
    nest.Connect(ex, inh, {"rule": "fixed_indegree", "indegree": ce}, "excitatory")
    nest.Connect(inh, ex + inh, {"rule": "fixed_indegree", "indegree": ci}, "inhibitory")
    nest.Connect(ex + inh, sr)
    nest.Simulate(p["simtime"])
    seconds = p["simtime"] / 1000.0
    senders = sr.events["senders"]
    last_ex = ex.tolist()[-1]
    from_ex = sum(1 for s in senders if s <= last_ex)
    dw = [float(w) - j for w in nest.GetConnections(ex, ex).get("weight")]
    mean = math.fsum(dw) / len(dw)
    var = math.fsum((d - mean) ** 2 for d in dw) / len(dw)
    return {"rate_e": from_ex / ne / seconds, "rate_i": (len(senders) - from_ex) / ni / seconds,
            "dw_mean": mean, "dw_std": math.sqrt(var),
            "potentiated": sum(1 for d in dw if d > 0.0) / len(dw)}


def brunel_stdp():
    per = {}
    for seed in BRUNEL_SEEDS:
        for k, v in brunel_run(seed).items():
            per.setdefault(k, []).append(float(v))
    stats = {}
    for key, xs in per.items():
        n = len(xs)
        mean = math.fsum(xs) / n
        var = math.fsum((x - mean) ** 2 for x in xs) / (n - 1)
        stats[key] = {"mean": mean, "se": math.sqrt(var / n), "n": n}
    return {"params": BRUNEL, "J_ex": j_ex(), "seeds": BRUNEL_SEEDS, "stats": stats,
            "per_seed": per}


TWINS = {
    "evaluate_tsodyks2_synapse": evaluate_tsodyks2_synapse,
    "evaluate_quantal_stp_synapse": evaluate_quantal_stp_synapse,
    "stdp_window": stdp_window,
    "brunel_stdp": brunel_stdp,
}


def write(out_dir):
    """Writes every fixture into `out_dir`; returns their file names."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = []
    for name, twin in TWINS.items():
        start = time.perf_counter()
        fx = {"name": name, "nest_version": nest.__version__}
        fx.update(twin())
        (out_dir / (name + ".json")).write_text(nest_common.dumps(fx) + "\n")
        names.append(name + ".json")
        print("%s: %.1f s" % (name, time.perf_counter() - start), file=sys.stderr)
    return names


def main():
    return nest_common.fixture_main(write, FIXTURES, REPO, "plastic example")


if __name__ == "__main__":
    sys.exit(main())
