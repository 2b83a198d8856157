"""NEST's hpc_benchmark network in NEST 3.10 (the parameters of its PyNEST example
`hpc_benchmark.py`), built as saltatory's `hpc_benchmark` example builds it, timed. Prints one
JSON line: build, presimulation and simulation times, the excitatory rate over the measured
time, the mean and standard deviation of the E->E weights' change, and NEST's own memory report.

usage: python hpc_nest.py SCALE THREADS PRESIMTIME_MS SIMTIME_MS SEED

Differences from NEST's script: every excitatory neuron is recorded (the script records 1,000,
more than exist below scale 0.12, where it aborts), spikes stay in memory, and the E->E weights
are read in chunks of sources (one `get` of 8 million weights exhausts a 24 GiB machine).
"""

import json
import math
import sys
import time

import numpy as np
from scipy.special import lambertw

TAU_SYN = 0.32582722403722841


def psp_peak_per_pa(tau_m, c_m, tau_syn):
    a = tau_m / tau_syn
    b = 1.0 / tau_syn - 1.0 / tau_m
    t_max = 1.0 / b * (-lambertw(-math.exp(-1.0 / a) / a, k=-1).real - 1.0 / a)
    return (math.e / (tau_syn * c_m * b)
            * ((math.exp(-t_max / tau_m) - math.exp(-t_max / tau_syn)) / b - t_max * math.exp(-t_max / tau_syn)))


def weight_changes(nest, ex, w0, chunk=50):
    """Mean and standard deviation of w - w0 over the E->E synapses, read chunk by chunk."""
    n, total, squares = 0, 0.0, 0.0
    for k in range(0, len(ex), chunk):
        w = np.asarray(nest.GetConnections(ex[k:k + chunk], ex).get("weight"), dtype=float) - w0
        n, total, squares = n + w.size, total + w.sum(), squares + (w * w).sum()
    mean = total / n
    return mean, math.sqrt((squares - n * mean * mean) / (n - 1))


def main():
    scale, threads = float(sys.argv[1]), int(sys.argv[2])
    presim, simtime, seed = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    import nest

    nest.set_verbosity("M_ERROR")
    t0 = time.time()
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads, rng_seed=seed)
    ne, ni = int(9000 * scale), int(2250 * scale)
    ce, ci = int(ne / scale), int(ni / scale)
    params = {"E_L": 0.0, "C_m": 250.0, "tau_m": 10.0, "t_ref": 0.5, "V_th": 20.0, "V_reset": 0.0,
              "tau_syn_ex": TAU_SYN, "tau_syn_in": TAU_SYN, "tau_minus": 30.0, "V_m": 5.7}
    ex = nest.Create("iaf_psc_alpha", ne, params=params)
    inh = nest.Create("iaf_psc_alpha", ni, params=params)
    vm = nest.random.normal(5.7, 7.2)
    ex.V_m = vm
    inh.V_m = vm
    je = 0.14 / psp_peak_per_pa(10.0, 250.0, TAU_SYN)
    nu_thresh = 20.0 / (ce * 10.0 / 250.0 * je * math.e * TAU_SYN)
    stim = nest.Create("poisson_generator", 1, {"rate": nu_thresh * 1.685 * ce * 1000.0})
    rec = nest.Create("spike_recorder")
    nest.SetDefaults("static_synapse_hpc", {"delay": 1.5})
    nest.CopyModel("static_synapse_hpc", "syn_ex", {"weight": je})
    nest.CopyModel("static_synapse_hpc", "syn_in", {"weight": -5.0 * je})
    nest.SetDefaults("stdp_pl_synapse_hom_hpc", {"delay": 1.5, "alpha": 0.0513, "lambda": 0.1,
                                                 "mu": 0.4, "tau_plus": 15.0, "weight": je})
    nest.Connect(stim, ex + inh, "all_to_all", {"synapse_model": "syn_ex"})
    indegree = lambda n: {"rule": "fixed_indegree", "indegree": n, "allow_autapses": False,
                          "allow_multapses": True}
    nest.Connect(ex, ex, indegree(ce), {"synapse_model": "stdp_pl_synapse_hom_hpc"})
    nest.Connect(inh, ex, indegree(ci), {"synapse_model": "syn_in"})
    nest.Connect(ex, inh, indegree(ce), {"synapse_model": "syn_ex"})
    nest.Connect(inh, inh, indegree(ci), {"synapse_model": "syn_in"})
    nest.Connect(ex, rec)
    nest.Prepare()
    nest.Run(0.0)
    build = time.time() - t0
    t1 = time.time()
    nest.Run(presim)
    presim_s = time.time() - t1
    t2 = time.time()
    nest.Run(simtime)
    sim_s = time.time() - t2
    nest.Cleanup()
    times = np.asarray(rec.get("events")["times"])
    rate = float((times > presim).sum()) / ne / (simtime / 1000.0)
    mean, std = weight_changes(nest, ex, je)
    print(json.dumps({"build_s": build, "presimulate_s": presim_s, "simulate_s": sim_s,
                      "rate": rate, "dw_mean": mean, "dw_std": std,
                      "synapses": nest.num_connections, "memory_kb": nest.memory_size}))


if __name__ == "__main__":
    main()
