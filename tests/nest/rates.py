#!/usr/bin/env python3
"""NEST 3.10 reference fixtures for rate models, rate connections and siegert_neuron.

Writes, under tests/fixtures/rates/:
  <scenario>.json       noise-free traces of every scenario in tests/nest/rate_scenarios.json
  siegert_transfer.json siegert_neuron's transfer function on a grid of (mu, sigma2)
  brunel_siegert.json   the rate of NEST's brunel_siegert example network
  rate_neuron_dm.json   the noise-free runs of NEST's rate_neuron_dm example

Usage (from the repository root, with a python that can import nest):

    python tests/nest/rates.py            # (re)write the fixtures
    python tests/nest/rates.py --check    # regenerate into a temporary directory and compare

Scenario schema (JSON list):
  name
  nodes:       [{"model", "params" (NEST names, set at creation), "rate" (optional initial)}]
               one neuron each, created in this order
  connections: [pre, post, synapse_model, weight, delay]     (rate_connection_delayed)
               [pre, post, synapse_model, weight]            (rate_connection_instantaneous)
               [pre, post, "diffusion_connection", drift_factor, diffusion_factor]
  phases:      [[duration ms, [[node, parameter, value], ...]], ...]: the parameters are set,
               then the phase is simulated

Every scenario runs at resolution 0.1 ms with waveform relaxation on and wfr_tol = 0, so the
iteration runs to its fixed point (at most min_delay + 2 sweeps, below wfr_max_iterations):
every instantaneous connection then delivers the sender's value of the same step, which is
what saltatory computes. Phase durations are multiples of min_delay, as waveform relaxation
requires. A multimeter per node records 'rate' (and 'noisy_rate' for output-noise models)
every step; the last slice is flushed by one more Simulate(min_delay) and cut off.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from nest_common import dumps, import_nest, report_stale, stale_files

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "tests" / "nest" / "rate_scenarios.json"
FIXTURES = REPO / "tests" / "fixtures" / "rates"
H = 0.1


def run_scenario(nest, sc):
    nest.ResetKernel()
    nest.resolution = H
    nest.use_wfr = True
    nest.wfr_tol = 0.0
    nodes = []
    for nd in sc["nodes"]:
        n = nest.Create(nd["model"], params=nd["params"])
        if "rate" in nd:
            n.rate = nd["rate"]
        nodes.append(n)
    for c in sc["connections"]:
        pre, post, model = nodes[c[0]], nodes[c[1]], c[2]
        if model == "diffusion_connection":
            syn = {"synapse_model": model, "drift_factor": c[3], "diffusion_factor": c[4]}
        elif model == "rate_connection_delayed":
            syn = {"synapse_model": model, "weight": c[3], "delay": c[4]}
        else:
            syn = {"synapse_model": model, "weight": c[3]}
        nest.Connect(pre, post, "one_to_one", syn)
    meters = []
    for nd, n in zip(sc["nodes"], nodes):
        rec = ["rate"] + (["noisy_rate"] if nd["model"].endswith("_opn") else [])
        mm = nest.Create("multimeter", params={"record_from": rec, "interval": H})
        nest.Connect(mm, n)
        meters.append((mm, rec))
    total = 0.0
    md = nest.min_delay
    for duration, sets in sc["phases"]:
        steps = round(duration / md)
        if abs(steps * md - duration) > 1e-9:
            raise SystemExit("%s: phase of %g ms is not a multiple of min_delay %g ms"
                             % (sc["name"], duration, md))
        for node, name, value in sets:
            nodes[node].set({name: value})
        nest.Simulate(duration)
        total += duration
    nest.Simulate(md)
    n_steps = round(total / H)
    out = {"min_delay": md, "times": [round((k + 1) * H, 10) for k in range(n_steps)], "nodes": []}
    for mm, rec in meters:
        ev = mm.events
        times = list(ev["times"])
        series = {}
        for name in rec:
            vals = [float(v) for t, v in zip(times, ev[name]) if t <= total + 1e-9]
            if len(vals) != n_steps:
                raise SystemExit("%s: %d samples of %s, expected %d"
                                 % (sc["name"], len(vals), name, n_steps))
            series[name] = vals
        out["nodes"].append(series)
    return out


# (mu, sigma2, parameters): the transfer function's branches, its cut-off, the colored-noise
# shift and the noise-free limit.
TRANSFER_GRID = [(mu, s2, {}) for mu in (0.0, 5.0, 9.0, 10.0, 14.0, 15.0, 16.0, 20.0, 30.0, 100.0)
                 for s2 in (0.25, 1.0, 4.0, 25.0, 100.0)] + [
    (14.0, 16.0, {"tau_syn": 0.5}),
    (16.0, 4.0, {"tau_syn": 2.0}),
    (15.0, 1.5, {"tau_m": 10.0}),
    (5.0, 9.0, {"V_reset": 10.0}),
    (5.0, 16.0, {"V_reset": 5.0}),
    (12.0, 9.0, {"tau_m": 20.0, "theta": 20.0, "V_reset": 10.0}),
    (23.983442748065848, 50.44801603060904, {"tau_m": 20.0, "theta": 20.0}),
    (1e4, 1.0, {}),
    (8.999, 1.0, {}),
    (30.0, 0.01, {}),
]


def transfer(nest):
    """Phi(mu, sigma2) from live NEST: a source pinned at rate 1 drives a target with tau far
    below the resolution, so that the target's rate after a step equals Phi exactly."""
    rows = []
    for mu, s2, params in TRANSFER_GRID:
        nest.ResetKernel()
        nest.resolution = H
        nest.use_wfr = False
        src = nest.Create("siegert_neuron", params={"tau": 1e-4, "mean": 1.0, "rate": 1.0})
        tgt = nest.Create("siegert_neuron", params=dict({"tau": 1e-4}, **params))
        nest.Connect(src, tgt, "one_to_one", {"synapse_model": "diffusion_connection",
                                              "drift_factor": mu, "diffusion_factor": s2})
        nest.Simulate(1.0)
        rows.append({"mu": mu, "sigma2": s2, "params": params, "rate": float(tgt.rate)})
    return {"rows": rows}


def brunel_siegert(nest):
    """The configuration of NEST's brunel_siegert_nest.py example, and its final rates."""
    nest.ResetKernel()
    nest.resolution = 0.1
    g, eta, order = 5.0, 2.0, 2500
    ce, ci = int(0.1 * 4 * order), int(0.1 * order)
    tau_m, theta, j = 20.0, 20.0, 0.1
    j_in = -g * j
    nu_th = theta / (j * ce * tau_m)
    p_rate = 1000.0 * eta * nu_th * ce
    params = {"tau_m": tau_m, "t_ref": 2.0, "theta": theta, "V_reset": 0.0}
    ex = nest.Create("siegert_neuron", params=params)
    inh = nest.Create("siegert_neuron", params=params)
    drive = nest.Create("siegert_neuron", params={"mean": p_rate})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    syn = lambda d, s: {"synapse_model": "diffusion_connection", "drift_factor": d,
                        "diffusion_factor": s}
    nest.Connect(drive, ex + inh, "all_to_all", syn(tau_m * 1e-3 * j, tau_m * 1e-3 * j * j))
    nest.Connect(mm, ex + inh)
    nest.Connect(ex, ex + inh, "all_to_all", syn(tau_m * 1e-3 * ce * j, tau_m * 1e-3 * ce * j * j))
    nest.Connect(inh, ex + inh, "all_to_all",
                 syn(tau_m * 1e-3 * ci * j_in, tau_m * 1e-3 * ci * j_in * j_in))
    nest.Simulate(50.0)
    ev = mm.events
    rate_ex = [float(r) for r, s in zip(ev["rate"], ev["senders"]) if s == ex.global_id]
    times = [float(t) for t, s in zip(ev["times"], ev["senders"]) if s == ex.global_id]
    return {"simtime": 50.0, "last_time": times[-1], "rate_ex": rate_ex[-1],
            "rate_in": float([r for r, s in zip(ev["rate"], ev["senders"]) if s == inh.global_id][-1]),
            "rate_ex_at_1ms": rate_ex[9]}


def decision_making(nest):
    """NEST's rate_neuron_dm.py network without noise, for dE = 0, 0.004, 0.008: rates at
    150 ms and at the end (200 ms)."""
    runs = []
    for d_e in (0.0, 0.004, 0.008):
        nest.ResetKernel()
        dt = 1e-3
        nest.resolution = dt
        nest.use_wfr = False
        params = {"lambda": 0.1, "sigma": 0.0, "tau": 1.0, "rectify_output": True}
        d1 = nest.Create("lin_rate_ipn", params=params)
        d2 = nest.Create("lin_rate_ipn", params=params)
        syn = {"synapse_model": "rate_connection_instantaneous", "weight": -0.2}
        nest.Connect(d1, d2, "all_to_all", syn)
        nest.Connect(d2, d1, "all_to_all", syn)
        mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": dt})
        nest.Connect(mm, d1 + d2, syn_spec={"delay": dt})
        nest.Simulate(100.0)
        d1.mu = 1.0 + d_e
        d2.mu = 1.0 - d_e
        nest.Simulate(100.0)
        ev = mm.events
        rate, senders, times = ev["rate"], ev["senders"], ev["times"]

        def at(node, t):
            hit = (senders == node.global_id) & (abs(times - t) < dt / 2)
            return float(rate[hit][0])
        runs.append({"dE": d_e, "d1_150": at(d1, 150.0), "d2_150": at(d2, 150.0),
                     "d1_final": float(d1.rate), "d2_final": float(d2.rate)})
    return {"resolution": 1e-3, "runs": runs}


def generate(directory):
    import json
    nest = import_nest(SystemExit)
    scenarios = json.loads(SCENARIOS.read_text())
    written = []
    for sc in scenarios:
        data = run_scenario(nest, sc)
        (Path(directory) / (sc["name"] + ".json")).write_text(dumps(data) + "\n")
        written.append(sc["name"])
    (Path(directory) / "siegert_transfer.json").write_text(dumps(transfer(nest)) + "\n")
    (Path(directory) / "brunel_siegert.json").write_text(dumps(brunel_siegert(nest)) + "\n")
    (Path(directory) / "rate_neuron_dm.json").write_text(dumps(decision_making(nest)) + "\n")
    return written + ["siegert_transfer", "brunel_siegert", "rate_neuron_dm"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with tests/fixtures/rates/")
    args = ap.parse_args()
    t0 = time.time()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            names = generate(tmp)
            bad = stale_files(tmp, FIXTURES, [n + ".json" for n in names], REPO)
        if report_stale(bad):
            return 1
        print("all %d rate fixtures up to date (%.1f s)" % (len(names), time.time() - t0))
        return 0
    FIXTURES.mkdir(parents=True, exist_ok=True)
    names = generate(FIXTURES)
    print("wrote %d rate fixtures to %s (%.1f s)" % (len(names), FIXTURES.relative_to(REPO),
                                                     time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
