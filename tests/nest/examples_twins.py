#!/usr/bin/env python3
"""NEST 3.10 twins of five PyNEST examples that saltatory ports (examples/mip_corrdet.rs,
examples/correlospinmatrix_two_neurons.rs, examples/pulsepacket.rs,
examples/sinusoidal_poisson.rs, examples/sinusoidal_gamma.rs; the networks are built in
src/nest_examples.rs and src/nest_examples/).

Each twin runs the example's network with the example's parameters, shortened where the
original runs too long, over a fixed list of seeds (one thread), and records per seed the
statistics the example shows. The fixture holds, per statistic, the mean over the seeds and
its standard error (sample standard deviation / sqrt(number of seeds)); tests/example_twins.rs
computes the same statistics from saltatory's runs and compares them.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/examples_twins.py            # (re)write tests/fixtures/examples/*.json
    python tests/nest/examples_twins.py --check    # regenerate into a temp dir, compare

Fixtures (tests/fixtures/examples/<name>.json): name, nest_version, params, seeds, stats
({statistic: {"mean", "se", "n"}}), and for mip_corrdet a replay: the parrots' spike steps of
one seed and the correlation_detector's histogram, count_histogram and n_events for them; for
sinusoidal_gamma the generators' rates as the example's multimeters record them, every 1 ms,
and under "step" the example's second part (generators whose parameters change at half time):
its params, the generators' parameters in each half as NEST reports them ("resolved"), its
seeds and its stats.
"""

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

import nest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "examples"


def reset(seed, resolution):
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.local_num_threads = 1
    nest.resolution = resolution
    nest.rng_seed = seed


def summarise(per_seed):
    """{stat: [value per seed]} -> {stat: {mean, se, n}}."""
    out = {}
    for key, xs in per_seed.items():
        n = len(xs)
        mean = sum(xs) / n
        var = sum((x - mean) ** 2 for x in xs) / (n - 1)
        out[key] = {"mean": mean, "se": math.sqrt(var / n), "n": n}
    return out


def collect(per_seed, stats):
    for k, v in stats.items():
        per_seed.setdefault(k, []).append(float(v))


# -- mip_generator and correlation_detector (cross_check_mip_corrdet.py) ---------------------

MIP = {"resolution": 0.1, "T": 100000.0, "tau_max": 100.0, "delta_tau": 10.0, "p_copy": 0.5,
       "rate": 100.0}
MIP_SEEDS = list(range(1, 11))
MIP_REPLAY = {"seed": 12345, "T": 2000.0}


def mip_run(seed, T):
    p = MIP
    reset(seed, p["resolution"])
    mg = nest.Create("mip_generator", params={"rate": p["rate"], "p_copy": p["p_copy"]})
    cd = nest.Create("correlation_detector", params={"tau_max": p["tau_max"],
                                                     "delta_tau": p["delta_tau"]})
    sr = nest.Create("spike_recorder", params={"time_in_steps": True})
    pn = nest.Create("parrot_neuron", 2)
    nest.Connect(mg, pn)
    nest.Connect(pn, sr)
    nest.Connect(pn[0], cd, syn_spec={"weight": 1.0, "receptor_type": 0})
    nest.Connect(pn[1], cd, syn_spec={"weight": 1.0, "receptor_type": 1})
    nest.Simulate(T)
    ev = sr.get("events")
    trains = [[int(t) for t, s in zip(ev["times"], ev["senders"]) if s == pn[k].global_id]
              for k in range(2)]
    st = cd.get(["histogram", "count_histogram", "n_events"])
    return trains, st


def mip_stats(st, T):
    p = MIP
    hist = list(st["histogram"])
    mid = len(hist) // 2
    off = [h for i, h in enumerate(hist) if i != mid]
    n1, n2 = st["n_events"]
    return {
        "rate_1": n1 / (T - p["tau_max"]) * 1000.0,
        "rate_2": n2 / (T - p["tau_max"]) * 1000.0,
        "center_bin": hist[mid],
        "off_center_mean": sum(off) / len(off),
    }


def mip_corrdet():
    per = {}
    for seed in MIP_SEEDS:
        _, st = mip_run(seed, MIP["T"])
        collect(per, mip_stats(st, MIP["T"]))
    trains, st = mip_run(MIP_REPLAY["seed"], MIP_REPLAY["T"])
    replay = {
        "T": MIP_REPLAY["T"],
        "steps": trains,
        "histogram": list(st["histogram"]),
        "count_histogram": [int(c) for c in st["count_histogram"]],
        "n_events": [int(n) for n in st["n_events"]],
    }
    return {"params": MIP, "seeds": MIP_SEEDS, "stats": summarise(per), "replay": replay}


# -- two binary neurons and a correlospinmatrix_detector -----------------------------------
# (correlospinmatrix_detector_two_neuron.py; T shortened from 1e6 ms to 1e5 ms)

SPIN = {"m_x": 0.5, "tau_m": 10.0, "h": 0.1, "T": 100000.0, "tau_max": 100.0}
SPIN_SEEDS = list(range(1, 21))
# Lags (ms) at which the covariance functions are recorded.
SPIN_LAGS = [0.0, 5.0, 10.0, 20.0]


def spin_stats(cc):
    p = SPIN
    h, T = p["h"], p["T"]
    mid = int(round(p["tau_max"] / h))
    m = [cc[i][i][mid] * h / T for i in range(2)]
    out = {"m_1": m[0], "m_2": m[1]}
    for lag in SPIN_LAGS:
        k = int(round(lag / h))
        for i, j in [(0, 0), (1, 1), (0, 1)]:
            for sign in ([1] if (i == j or lag == 0.0) else [1, -1]):
                c = cc[i][j][mid + sign * k] * h / T - m[i] * m[j]
                name = f"c{i + 1}{j + 1}_{'m' if sign < 0 else ''}{lag:g}"
                out[name] = c
    return out


def correlospinmatrix():
    p = SPIN
    per = {}
    for seed in SPIN_SEEDS:
        reset(seed, p["h"])
        csd = nest.Create("correlospinmatrix_detector")
        csd.set(N_channels=2, tau_max=p["tau_max"], Tstart=p["tau_max"], delta_tau=p["h"])
        n1 = nest.Create("ginzburg_neuron")
        n1.set(theta=0.0, tau_m=p["tau_m"], c_1=0.0, c_2=2.0 * p["m_x"], c_3=1.0)
        n2 = nest.Create("mcculloch_pitts_neuron")
        n2.set(theta=0.5, tau_m=p["tau_m"])
        nest.Connect(n1, n2, syn_spec={"weight": 1.0})
        nest.Connect(n1, csd, syn_spec={"receptor_type": 0})
        nest.Connect(n2, csd, syn_spec={"receptor_type": 1})
        nest.Simulate(p["T"])
        collect(per, spin_stats(csd.count_covariance))
    return {"params": p, "lags": SPIN_LAGS, "seeds": SPIN_SEEDS, "stats": summarise(per)}


# -- pulsepacket_generator into iaf_psc_alpha (pulsepacket.py) -----------------------------

PP = {"a": 100, "sdev": 10.0, "weight": 0.1, "pulsetime": 500.0, "n_neurons": 100, "cm": 200.0,
      "tau_s": 0.5, "tau_m": 20.0, "V0": 0.0, "simtime": 1000.0, "resolution": 0.1,
      "interval": 1.0}
PP_SEEDS = list(range(1, 11))
# Sample times (ms) at which the averaged potential is recorded.
PP_TIMES = [480.0, 500.0, 510.0, 520.0, 540.0, 580.0, 650.0]


def pp_stats(times, avg, packet_spikes):
    out = {f"v_{t:g}": avg[times.index(t)] for t in PP_TIMES}
    out["packet_spikes_min"] = min(packet_spikes)
    out["packet_spikes_max"] = max(packet_spikes)
    k = max(range(len(avg)), key=lambda i: avg[i])
    out["v_peak"] = avg[k]
    out["t_peak"] = times[k]
    return out


def pulsepacket():
    p = PP
    per = {}
    for seed in PP_SEEDS:
        reset(seed, p["resolution"])
        pars = {"V_th": math.inf, "tau_m": p["tau_m"], "tau_syn_ex": p["tau_s"], "C_m": p["cm"],
                "E_L": p["V0"], "V_reset": p["V0"], "V_m": p["V0"]}
        neurons = nest.Create("iaf_psc_alpha", p["n_neurons"], pars)
        ppgs = nest.Create("pulsepacket_generator", p["n_neurons"],
                           {"pulse_times": [p["pulsetime"]], "activity": p["a"], "sdev": p["sdev"]})
        vm = nest.Create("voltmeter", params={"interval": p["interval"]})
        nest.Connect(ppgs, neurons, "one_to_one", syn_spec={"weight": p["weight"]})
        nest.Connect(vm, neurons)
        # A parrot per generator counts the spikes of its packet.
        parrots = nest.Create("parrot_neuron", p["n_neurons"])
        nest.Connect(ppgs, parrots, "one_to_one")
        sr = nest.Create("spike_recorder")
        nest.Connect(parrots, sr)
        nest.Simulate(p["simtime"])
        senders = list(sr.events["senders"])
        packet_spikes = [senders.count(n.global_id) for n in parrots]
        ev = vm.get("events")
        sums = {}
        for t, v in zip(ev["times"], ev["V_m"]):
            sums[float(t)] = sums.get(float(t), 0.0) + float(v)
        times = sorted(sums)
        avg = [sums[t] / p["n_neurons"] for t in times]
        collect(per, pp_stats(times, avg, packet_spikes))
    return {"params": p, "times": PP_TIMES, "seeds": PP_SEEDS, "stats": summarise(per)}


# -- sinusoidal_poisson_generator (sinusoidal_poisson_generator.py) -------------------------

SIN = {
    "part1": {"resolution": 0.01, "simtime": 200.0, "rate": [10000.0, 0.0],
              "amplitude": [5000.0, 10000.0], "frequency": [10.0, 5.0], "phase": [0.0, 90.0]},
    "part2": {"resolution": 0.1, "simtime": 200.0, "rate": 100.0, "amplitude": 50.0,
              "frequency": 10.0, "phase": 0.0, "n_parrots": 20},
}
SIN_SEEDS = list(range(1, 21))
# Part 2 is short: more seeds bring its standard errors down (shared train: about 2.5 %).
SIN_PART2_SEEDS = list(range(1, 81))


def sin_part1_stats(trains):
    """trains: spike times of generator 1 and 2."""
    t1, t2 = trains
    up = sum(1 for t in t1 if (t % 100.0) <= 50.0 and t > 0.0)
    return {"count_1": len(t1), "count_1_rising": up, "count_1_falling": len(t1) - up,
            "count_2": len(t2)}


def sin_part2_stats(individual, shared):
    """Per mode, the spike times of each parrot."""
    distinct = len({tuple(tr) for tr in individual})
    identical = all(tr == shared[0] for tr in shared)
    return {
        "individual_per_parrot": sum(len(t) for t in individual) / len(individual),
        "individual_distinct": distinct,
        "shared_per_parrot": sum(len(t) for t in shared) / len(shared),
        "shared_identical": 1.0 if identical else 0.0,
    }


def sinusoidal_poisson():
    p1, p2 = SIN["part1"], SIN["part2"]
    per = {}
    for seed in SIN_SEEDS:
        reset(seed, p1["resolution"])
        g = nest.Create("sinusoidal_poisson_generator", n=2,
                        params={k: p1[k] for k in ("rate", "amplitude", "frequency", "phase")})
        # Generators' spikes reach a spike_recorder directly, as in the example.
        s = nest.Create("spike_recorder", 2)
        nest.Connect(g, s, "one_to_one")
        nest.Simulate(p1["simtime"])
        collect(per, sin_part1_stats([list(s[j].events["times"]) for j in range(2)]))
    for seed in SIN_PART2_SEEDS:
        modes = []
        for individual in (True, False):
            reset(seed, p2["resolution"])
            nest.SetDefaults("sinusoidal_poisson_generator",
                             {"individual_spike_trains": individual})
            g = nest.Create("sinusoidal_poisson_generator",
                            params={k: p2[k] for k in ("rate", "amplitude", "frequency", "phase")})
            par = nest.Create("parrot_neuron", p2["n_parrots"])
            sr = nest.Create("spike_recorder")
            nest.Connect(g, par, "all_to_all")
            nest.Connect(par, sr)
            nest.Simulate(p2["simtime"])
            ev = sr.events
            trains = [sorted(float(t) for t, sd in zip(ev["times"], ev["senders"])
                             if sd == n.global_id) for n in par]
            modes.append(trains)
        collect(per, sin_part2_stats(*modes))
    return {"params": SIN, "seeds": SIN_SEEDS, "part2_seeds": SIN_PART2_SEEDS,
            "stats": summarise(per)}


# -- sinusoidal_gamma_generator (sinusoidal_gamma_generator.py) ----------------------------

GAMMA = {
    "part1": {"resolution": 0.01, "simtime": 200.0, "rate": 10000.0, "amplitude": 5000.0,
              "frequency": 10.0, "phase": 0.0, "order": [2.0, 10.0], "interval": 0.1},
    "part2": {"resolution": 0.1, "simtime": 200.0, "rate": 100.0, "amplitude": 50.0,
              "frequency": 10.0, "phase": 0.0, "order": 3.0, "n_parrots": 20},
}
GAMMA_SEEDS = list(range(1, 21))
GAMMA_PART2_SEEDS = list(range(1, 81))


def isi_cv(train):
    isi = [b - a for a, b in zip(train, train[1:])]
    if len(isi) < 2:
        return 0.0
    m = sum(isi) / len(isi)
    return math.sqrt(sum((x - m) ** 2 for x in isi) / (len(isi) - 1)) / m


def gamma_part1_stats(trains):
    t1, t2 = trains
    up = sum(1 for t in t1 if (t % 100.0) <= 50.0)
    return {"count_1": len(t1), "count_1_rising": up, "count_1_falling": len(t1) - up,
            "count_2": len(t2), "isi_cv_1": isi_cv(t1), "isi_cv_2": isi_cv(t2)}


# Part 2: in each of six panels, n generators run for T / 2 ms with the "initial" parameters,
# are set to "after" (the example's dictionaries) and run for T / 2 ms more; their spikes reach
# a spike_recorder directly, as in the example. Each seed's 1000 generators give the counts to
# about 0.5-1.5 %; the seeds bring the standard errors of the means below 1 %.
GAMMA_STEP = {"T": 1000.0, "n": 1000, "resolution": 1.0, "panels": [
    {"initial": {"rate": 20.0}, "after": {"rate": 50.0}},
    {"initial": {"order": 6.0, "rate": 80.0, "amplitude": 0.0, "frequency": 0.0, "phase": 0.0},
     "after": {"order": 6.0, "rate": 40.0, "amplitude": 0.0, "frequency": 0.0, "phase": 0.0}},
    {"initial": {"order": 3.0, "rate": 40.0, "amplitude": 40.0, "frequency": 10.0, "phase": 0.0},
     "after": {"order": 3.0, "rate": 40.0, "amplitude": 20.0, "frequency": 10.0, "phase": 0.0}},
    {"initial": {"order": 6.0, "rate": 20.0, "amplitude": 20.0, "frequency": 10.0, "phase": 0.0},
     "after": {"order": 6.0, "rate": 50.0, "amplitude": 50.0, "frequency": 10.0, "phase": 0.0}},
    {"initial": {"rate": 40.0}, "after": {"amplitude": 40.0, "frequency": 20.0}},
    {"initial": {"order": 6.0, "rate": 60.0, "amplitude": 60.0, "frequency": 10.0, "phase": 0.0},
     "after": {"order": 6.0, "rate": 60.0, "amplitude": 60.0, "frequency": 10.0,
               "phase": 180.0}},
]}
GAMMA_STEP_SEEDS = list(range(1, 11))
GAMMA_KEYS = ("rate", "amplitude", "frequency", "phase", "order")


def gamma_step_run(panel, seed):
    """Spike times of all generators, and their parameters in each half."""
    p = GAMMA_STEP
    reset(seed, p["resolution"])
    g = nest.Create("sinusoidal_gamma_generator", p["n"], params=panel["initial"])
    sr = nest.Create("spike_recorder")
    nest.Connect(g, sr)
    nest.Simulate(p["T"] / 2)
    before = g[0].get(list(GAMMA_KEYS))
    g.set(panel["after"])
    after = g[0].get(list(GAMMA_KEYS))
    nest.Simulate(p["T"] / 2)
    resolved = {"initial": {k: float(before[k]) for k in GAMMA_KEYS},
                "after": {k: float(after[k]) for k in GAMMA_KEYS}}
    return [float(t) for t in sr.events["times"]], resolved


def gamma_step_stats(k, resolved, times):
    """Per half, spikes per generator and second; for a modulated half, also in its upper
    (t mod period in (0, period / 2]) and lower half-cycles, the phase parameter left out."""
    p = GAMMA_STEP
    dt, n = p["resolution"], p["n"]
    steps = int(round(p["T"] / dt))
    half = steps // 2
    at = [int(round(t / dt)) for t in times]
    out = {}
    halves = [(1, resolved["initial"], 1, half), (2, resolved["after"], half + 1, steps)]
    for h, g, lo, hi in halves:
        inside = [s for s in at if lo <= s <= hi]
        out[f"step{k}_rate_{h}"] = len(inside) / (n * (hi - lo + 1) * dt / 1000.0)
        if g["amplitude"] > 0.0 and g["frequency"] > 0.0:
            period = int(round(1000.0 / (g["frequency"] * dt)))

            def up(s):
                u = s % period
                return 0 < u and 2 * u <= period

            up_steps = sum(1 for s in range(lo, hi + 1) if up(s))
            down_steps = hi - lo + 1 - up_steps
            n_up = sum(1 for s in inside if up(s))
            out[f"step{k}_up_{h}"] = n_up / (n * up_steps * dt / 1000.0)
            out[f"step{k}_down_{h}"] = (len(inside) - n_up) / (n * down_steps * dt / 1000.0)
    return out


def sinusoidal_gamma():
    p1, p2 = GAMMA["part1"], GAMMA["part2"]
    per = {}
    trace = None
    for seed in GAMMA_SEEDS:
        reset(seed, p1["resolution"])
        g = nest.Create("sinusoidal_gamma_generator", n=2, params={
            "rate": p1["rate"], "amplitude": p1["amplitude"], "frequency": p1["frequency"],
            "phase": p1["phase"], "order": p1["order"]})
        m = nest.Create("multimeter", 2, {"interval": p1["interval"], "record_from": ["rate"]})
        s = nest.Create("spike_recorder", 2)
        nest.Connect(m, g, "one_to_one")
        nest.Connect(g, s, "one_to_one")
        nest.Simulate(p1["simtime"])
        # One more min-delay slice hands the multimeters' last samples over.
        nest.Simulate(nest.min_delay)
        trains = [sorted(float(t) for t in s[j].events["times"] if t <= p1["simtime"])
                  for j in range(2)]
        collect(per, gamma_part1_stats(trains))
        if trace is None:
            trace = {"times": [], "rates": [[], []]}
            for j in range(2):
                ev = m[j].events
                keep = [(float(t), float(r)) for t, r in zip(ev["times"], ev["rate"])
                        if t <= p1["simtime"] and round(t / p1["interval"]) % 10 == 0]
                trace["rates"][j] = [r for _, r in keep]
                if j == 0:
                    trace["times"] = [t for t, _ in keep]
    for seed in GAMMA_PART2_SEEDS:
        modes = []
        for individual in (True, False):
            reset(seed, p2["resolution"])
            nest.SetDefaults("sinusoidal_gamma_generator",
                             {"individual_spike_trains": individual})
            g = nest.Create("sinusoidal_gamma_generator", params={
                k: p2[k] for k in ("rate", "amplitude", "frequency", "phase", "order")})
            par = nest.Create("parrot_neuron", p2["n_parrots"])
            sr = nest.Create("spike_recorder")
            nest.Connect(g, par, "all_to_all")
            nest.Connect(par, sr)
            nest.Simulate(p2["simtime"])
            ev = sr.events
            modes.append([sorted(float(t) for t, sd in zip(ev["times"], ev["senders"])
                                 if sd == n.global_id) for n in par])
        collect(per, sin_part2_stats(*modes))
    steps, resolved_all = {}, []
    for seed in GAMMA_STEP_SEEDS:
        for k, panel in enumerate(GAMMA_STEP["panels"], start=1):
            times, resolved = gamma_step_run(panel, seed)
            collect(steps, gamma_step_stats(k, resolved, times))
            if seed == GAMMA_STEP_SEEDS[0]:
                resolved_all.append(resolved)
    return {"params": GAMMA, "seeds": GAMMA_SEEDS, "part2_seeds": GAMMA_PART2_SEEDS,
            "rate_trace": trace, "stats": summarise(per),
            "step": {"params": GAMMA_STEP, "resolved": resolved_all,
                     "seeds": GAMMA_STEP_SEEDS, "stats": summarise(steps)}}


TWINS = {
    "mip_corrdet": mip_corrdet,
    "correlospinmatrix": correlospinmatrix,
    "pulsepacket": pulsepacket,
    "sinusoidal_poisson": sinusoidal_poisson,
    "sinusoidal_gamma": sinusoidal_gamma,
}


def write(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, twin in TWINS.items():
        fx = {"name": name, "nest_version": nest.__version__}
        fx.update(twin())
        (out_dir / (name + ".json")).write_text(json.dumps(fx, indent=1, sort_keys=True) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed fixtures")
    args = ap.parse_args()
    if not args.check:
        write(FIXTURES)
        return
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp))
        bad = [f.name for f in sorted(Path(tmp).glob("*.json"))
               if not (FIXTURES / f.name).exists()
               or (FIXTURES / f.name).read_text() != f.read_text()]
    if bad:
        print("examples twins: fixtures differ from live NEST:", ", ".join(bad), file=sys.stderr)
        sys.exit(1)
    print("examples twins: fixtures match live NEST")


if __name__ == "__main__":
    main()
