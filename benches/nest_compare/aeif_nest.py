"""1,000 aeif_cond_alpha neurons with independent Poisson input in NEST 3.10, as saltatory's
`aeif_poisson` example builds them, timed. Prints one JSON line.

usage: python aeif_nest.py NEURONS THREADS SIMTIME_MS
"""

import json
import sys
import time


def main():
    n, threads, simtime = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    import nest

    nest.set_verbosity("M_ERROR")
    t0 = time.time()
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads, rng_seed=1)
    neurons = nest.Create("aeif_cond_alpha", n)
    noise = nest.Create("poisson_generator", params={"rate": 20000.0})
    rec = nest.Create("spike_recorder")
    nest.Connect(noise, neurons, syn_spec={"weight": 2.0, "delay": 1.0})
    nest.Connect(neurons, rec)
    nest.Prepare()
    t1 = time.time()
    nest.Run(simtime)
    t2 = time.time()
    nest.Cleanup()
    print(json.dumps({"build_s": t1 - t0, "simulate_s": t2 - t1, "rate_hz": rec.n_events / n / (simtime / 1000.0)}))


if __name__ == "__main__":
    main()
