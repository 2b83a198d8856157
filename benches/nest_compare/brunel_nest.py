"""Brunel (2000) alpha network in NEST 3.10, built exactly as saltatory's `brunel_alpha`
example builds it (parameters of NEST's brunel_alpha_nest.py), timed. Prints one JSON line.

usage: python brunel_nest.py ORDER THREADS SIMTIME_MS SEED
"""

import json
import math
import sys
import time

from scipy.special import lambertw


def psp_peak_per_pa(tau_m, c_m, tau_syn):
    a = tau_m / tau_syn
    b = 1.0 / tau_syn - 1.0 / tau_m
    t_max = 1.0 / b * (-lambertw(-math.exp(-1.0 / a) / a, k=-1).real - 1.0 / a)
    return (math.e / (tau_syn * c_m * b)
            * ((math.exp(-t_max / tau_m) - math.exp(-t_max / tau_syn)) / b - t_max * math.exp(-t_max / tau_syn)))


def main():
    order, threads, simtime, seed = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    import nest

    nest.set_verbosity("M_ERROR")
    t0 = time.time()
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads, rng_seed=seed)
    ne, ni = 4 * order, order
    ce, ci = int(0.1 * ne), int(0.1 * ni)
    tau_m, c_m, tau_syn, theta, j, g, eta, delay = 20.0, 250.0, 0.5, 20.0, 0.1, 5.0, 2.0, 1.5
    j_ex = j / psp_peak_per_pa(tau_m, c_m, tau_syn)
    nu_th = (theta * c_m) / (j_ex * ce * math.e * tau_m * tau_syn)
    rate = 1000.0 * eta * nu_th * ce
    params = {"C_m": c_m, "tau_m": tau_m, "tau_syn_ex": tau_syn, "tau_syn_in": tau_syn, "t_ref": 2.0,
              "E_L": 0.0, "V_reset": 0.0, "V_m": 0.0, "V_th": theta}
    ex = nest.Create("iaf_psc_alpha", ne, params=params)
    inh = nest.Create("iaf_psc_alpha", ni, params=params)
    noise = nest.Create("poisson_generator", params={"rate": rate})
    rec = nest.Create("spike_recorder")
    nest.Connect(noise, ex + inh, syn_spec={"weight": j_ex, "delay": delay})
    nest.Connect(ex, ex + inh, {"rule": "fixed_indegree", "indegree": ce}, {"weight": j_ex, "delay": delay})
    nest.Connect(inh, ex + inh, {"rule": "fixed_indegree", "indegree": ci}, {"weight": -g * j_ex, "delay": delay})
    nest.Connect(ex + inh, rec)
    nest.Prepare()
    t1 = time.time()
    nest.Run(simtime)
    t2 = time.time()
    nest.Cleanup()
    n_events = rec.n_events
    synapses = nest.num_connections
    print(json.dumps({
        "build_s": t1 - t0,
        "simulate_s": t2 - t1,
        "rate_hz": n_events / (ne + ni) / (simtime / 1000.0),
        "synapses": ne * ce + ne * ci + ni * ce + ni * ci,
        "all_connections": synapses,
    }))


if __name__ == "__main__":
    main()
