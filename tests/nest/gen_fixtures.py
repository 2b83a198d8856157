#!/usr/bin/env python3
"""Generate NEST reference fixtures for the parity tests.

Reads tests/nest/scenarios.json, simulates every scenario with NEST
(iaf_psc_delta / iaf_psc_exp / iaf_psc_alpha / mat2_psc_exp / amat2_psc_exp /
iaf_psc_exp_htum)
and writes one file per scenario to tests/fixtures/<name>.json.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/gen_fixtures.py            # (re)write the fixtures
    python tests/nest/gen_fixtures.py --check    # regenerate into a temp dir
                                                 # and diff against the repo

Another scenario file and output directory can be named, e.g. the GSL /
non-linear models (iaf_cond_*, aeif_*, hh_*, izhikevich):

    python tests/nest/gen_fixtures.py --scenarios tests/nest/nonlinear_scenarios.json \
        --out tests/fixtures/nonlinear [--check]

Names must start with the model's prefix (MODELS; "<model>_" for the
non-linear ones); "record" must start with V_m and is checked against
NEST's GetDefaults(model)["recordables"]. Parameters may be numbers or
booleans (JSON true/false, e.g. consistent_integration); the JSON type must
match NEST's default (a bool for a bool, an int for an int; an int is fine
for a double). Optional keys, after "note" and in this order:

  "record_interval"  multimeter interval in ms (a multiple of the resolution
                     dividing simtime; default: the resolution). Samples are
                     taken at k * interval, k = 1 .. simtime / interval.
  "expect_error"     name of the exception class NEST's Simulate raises for
                     this parameter set (e.g. "NumericalInstability"). The
                     fixture then holds "error" (that class name) and
                     "error_time" instead of traces and spike times:
                     error_time is the end t = (n+1)*h of the update step
                     (n*h, (n+1)*h] that raised, found by re-running the
                     scenario one Simulate(h) call at a time (state, including
                     the GSL step size, carries over between calls), or null
                     if that re-run does not raise the same error.
                     min_spikes must be 0 for such a scenario.

Besides recording, the script verifies for each scenario that it really
exercises what its note claims (e.g. inputs inside refractory windows,
V_min being reached) and fails loudly otherwise.
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
SCENARIOS = HERE / "scenarios.json"
FIXTURES = REPO / "tests" / "fixtures"

MODELS = {
    "iaf_psc_delta": "delta_",
    "iaf_psc_exp": "exp_",
    "iaf_psc_alpha": "alpha_",
    "mat2_psc_exp": "mat2_",
    "amat2_psc_exp": "amat2_",
    "iaf_psc_exp_htum": "htum_",
}
NONLINEAR_MODELS = [
    "iaf_cond_exp", "iaf_cond_alpha", "aeif_cond_alpha", "aeif_cond_exp",
    "aeif_psc_alpha", "aeif_psc_exp", "aeif_psc_delta", "hh_psc_alpha", "izhikevich",
    "iaf_cond_beta", "iaf_cond_exp_sfa_rr", "hh_cond_exp_traub",
]
MODELS.update({m: m + "_" for m in NONLINEAR_MODELS})
RECORDABLES = {
    "iaf_psc_delta": {"V_m"},
    "iaf_psc_exp": {"V_m", "I_syn_ex", "I_syn_in"},
    "iaf_psc_alpha": {"V_m", "I_syn_ex", "I_syn_in"},
    "iaf_psc_exp_htum": {"V_m", "I_syn_ex", "I_syn_in"},
}
SCENARIO_KEYS = [
    "name", "model", "resolution", "simtime", "params", "spike_trains",
    "dc", "record", "min_spikes", "note",
]
OPTIONAL_KEYS = ["record_interval", "expect_error"]
TRAIN_KEYS = {"times", "weight", "delay"}
DC_KEYS = {"amplitude", "start", "stop", "delay", "receptor"}

EPS = 1e-9


class ScenarioError(Exception):
    pass


def fail(sc, msg):
    raise ScenarioError("%s: %s" % (sc.get("name", "?"), msg))


def import_nest():
    return nest_common.import_nest(ScenarioError)


def on_grid(t, h):
    k = round(t / h)
    return abs(t - k * h) <= EPS * max(1.0, abs(t))


# --------------------------------------------------------------------------
# schema validation
# --------------------------------------------------------------------------

def validate(sc):
    keys = list(sc.keys())
    extra = keys[len(SCENARIO_KEYS):]
    if keys[:len(SCENARIO_KEYS)] != SCENARIO_KEYS or extra != [k for k in OPTIONAL_KEYS if k in extra]:
        fail(sc, "keys must be exactly %s in this order, then optionally %s, got %s"
             % (SCENARIO_KEYS, OPTIONAL_KEYS, keys))
    model = sc["model"]
    if model not in MODELS:
        fail(sc, "unknown model %r" % model)
    if not sc["name"].startswith(MODELS[model]):
        fail(sc, "name must start with %r for model %s" % (MODELS[model], model))
    h = sc["resolution"]
    T = sc["simtime"]
    if not (h > 0 and T > 0 and on_grid(T, h)):
        fail(sc, "bad resolution/simtime")
    for tr in sc["spike_trains"]:
        if set(tr.keys()) != TRAIN_KEYS:
            fail(sc, "spike train keys must be %s" % sorted(TRAIN_KEYS))
        if list(tr["times"]) != sorted(tr["times"]):
            fail(sc, "spike times must be sorted")
        for t in tr["times"]:
            if not (t > 0 and on_grid(t, h)):
                fail(sc, "spike time %r not > 0 and on the %g ms grid" % (t, h))
        if not (tr["delay"] >= h - EPS and on_grid(tr["delay"], h)):
            fail(sc, "bad delay %r" % tr["delay"])
    for g in sc["dc"]:
        if set(g.keys()) != DC_KEYS:
            fail(sc, "dc keys must be %s" % sorted(DC_KEYS))
        for k in ("start", "stop", "delay"):
            if not on_grid(g[k], h):
                fail(sc, "dc %s %r not on grid" % (k, g[k]))
        if not (g["delay"] >= h - EPS and 0.0 <= g["start"] <= g["stop"]):
            fail(sc, "bad dc timing %r" % g)
    rec = sc["record"]
    allowed = RECORDABLES.get(model, set(rec))  # the others: checked against NEST in check_model
    if not rec or rec[0] != "V_m" or not set(rec) <= allowed or len(set(rec)) != len(rec):
        fail(sc, "record must start with V_m and only contain %s" % sorted(allowed))
    for k, v in sc["params"].items():
        if not isinstance(v, (bool, int, float)):
            fail(sc, "param %s must be a number or a boolean" % k)
    ri = sc.get("record_interval", h)
    if not (isinstance(ri, (int, float)) and ri >= h - EPS and on_grid(ri, h) and on_grid(T, ri)):
        fail(sc, "record_interval %r must be a multiple of the resolution dividing simtime" % ri)
    ms = sc["min_spikes"]
    if not isinstance(ms, int) or ms < 0:
        fail(sc, "min_spikes must be a non-negative int")
    if "expect_error" in sc:
        if not isinstance(sc["expect_error"], str) or ms != 0:
            fail(sc, "expect_error must be an exception class name, with min_spikes 0")
    elif ms == 0 and "sub-threshold" not in sc["note"].lower():
        fail(sc, "min_spikes == 0 only allowed for scenarios whose note says sub-threshold")


def check_model(nest, sc):
    """Checks against the model's defaults in NEST: recordables and parameter types."""
    defaults = nest.GetDefaults(sc["model"])
    known = set(defaults["recordables"])
    if not set(sc["record"]) <= known:
        fail(sc, "record %s not among NEST's recordables %s" % (sc["record"], sorted(known)))
    for k, v in sc["params"].items():
        if k not in defaults:
            fail(sc, "unknown parameter %s" % k)
        d = defaults[k]
        if isinstance(d, bool) != isinstance(v, bool) or (type(d) is int and type(v) is not int):
            fail(sc, "param %s: JSON value %r does not match NEST's type %s" % (k, v, type(d).__name__))


# --------------------------------------------------------------------------
# simulation
# --------------------------------------------------------------------------

def simulate(nest, sc, step_by_step=False):
    h = sc["resolution"]
    T = sc["simtime"]
    interval = sc.get("record_interval", h)
    nest.ResetKernel()
    nest.set(resolution=h, local_num_threads=1)

    neuron = nest.Create(sc["model"], params=sc["params"])
    status = neuron.get()
    initial = {k: status[k] for k in ["V_m", "V_th", "V_reset", "E_L", "t_ref",
                                       "t_ref_abs", "t_ref_tot"] if k in status}

    mm = nest.Create("multimeter", params={"record_from": list(sc["record"]), "interval": interval})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, neuron)
    nest.Connect(neuron, sr)

    delays = []
    for tr in sc["spike_trains"]:
        sg = nest.Create("spike_generator", params={"spike_times": [float(t) for t in tr["times"]]})
        nest.Connect(sg, neuron, syn_spec={
            "synapse_model": "static_synapse",
            "weight": float(tr["weight"]),
            "delay": float(tr["delay"]),
            "receptor_type": 0,
        })
        delays.append(tr["delay"])
    for g in sc["dc"]:
        gen = nest.Create("dc_generator", params={
            "amplitude": float(g["amplitude"]),
            "start": float(g["start"]),
            "stop": float(g["stop"]),
        })
        nest.Connect(gen, neuron, syn_spec={
            "weight": 1.0,
            "delay": float(g["delay"]),
            "receptor_type": int(g["receptor"]),
        })
        delays.append(g["delay"])

    # The multimeter hands over the samples of the last min-delay slice only
    # at the next Simulate call, so run one extra min-delay slice and cut.
    # Without any connection the kernel's default min_delay applies.
    pad = min(delays) if delays else nest.GetKernelStatus("min_delay")
    pad = max(pad, nest.GetKernelStatus("min_delay"))
    if step_by_step:
        # Only used to locate the failing step of an expect_error scenario.
        for n in range(int(round((T + pad) / h))):
            try:
                nest.Simulate(h)
            except Exception as e:
                return type(e).__name__, round((n + 1) * h, 9)
        return None, None
    try:
        nest.Simulate(T + pad)
    except Exception as e:
        name = type(e).__name__
        if "expect_error" not in sc:
            fail(sc, "NEST raised %s (%s); set expect_error if intended" % (name, e))
        if name != sc["expect_error"]:
            fail(sc, "NEST raised %s (%s), expected %s" % (name, e, sc["expect_error"]))
        err, when = simulate(nest, sc, step_by_step=True)
        return {"error": name, "error_time": when if err == name else None}, initial
    if "expect_error" in sc:
        fail(sc, "NEST did not raise %s" % sc["expect_error"])

    ev = mm.get("events")
    times = [float(t) for t in ev["times"]]
    keep = [i for i, t in enumerate(times) if t <= T + EPS]
    n_expected = int(round(T / interval))
    if len(keep) != n_expected:
        fail(sc, "got %d samples up to %g ms, expected %d" % (len(keep), T, n_expected))
    if keep != list(range(len(keep))):
        fail(sc, "multimeter samples not in time order")
    for k, i in enumerate(keep):
        if abs(times[i] - (k + 1) * interval) > 1e-6:
            fail(sc, "sample %d at %r, expected %r" % (k, times[i], (k + 1) * interval))

    data = {"times": [times[i] for i in keep]}
    for r in sc["record"]:
        vals = ev[r]
        data[r] = [float(vals[i]) for i in keep]
    spikes = sorted(float(t) for t in sr.get("events")["times"])
    data["spike_times"] = [t for t in spikes if t <= T + EPS]
    return data, initial


# --------------------------------------------------------------------------
# per-scenario semantic checks
# --------------------------------------------------------------------------

def arrivals(sc):
    """(arrival time, weight) of every input spike."""
    out = []
    for tr in sc["spike_trains"]:
        for t in tr["times"]:
            out.append((t + tr["delay"], tr["weight"]))
    return out


def refractory_hits(sc, spikes, t_ref):
    """Arrival times lying in (t_spike, t_spike + t_ref] for some output spike."""
    hits = []
    for a, _ in arrivals(sc):
        for ts in spikes:
            if ts + EPS < a <= ts + t_ref + EPS:
                hits.append(a)
                break
    return hits


def check(sc, data, initial, results):
    if "error" in data:
        return
    name = sc["name"]
    h = sc["resolution"]
    spikes = data["spike_times"]
    n = len(spikes)
    if n < sc["min_spikes"]:
        fail(sc, "NEST produced %d spikes, min_spikes is %d" % (n, sc["min_spikes"]))
    for v in data["V_m"]:
        if not math.isfinite(v):
            fail(sc, "non-finite V_m")
    p = sc["params"]

    if name.endswith("_exc_inh"):
        exc = [tr for tr in sc["spike_trains"] if tr["weight"] > 0]
        inh = [tr for tr in sc["spike_trains"] if tr["weight"] < 0]
        if not exc or not inh:
            fail(sc, "needs excitatory and inhibitory trains")
        steps_e = {round((t + tr["delay"]) / h) for tr in exc for t in tr["times"]}
        steps_i = {round((t + tr["delay"]) / h) for tr in inh for t in tr["times"]}
        if len(steps_e & steps_i) < 2:
            fail(sc, "fewer than 2 steps with both excitatory and inhibitory arrivals")

    if name.endswith("_tau_equal"):
        if not (p["tau_m"] == p["tau_syn_ex"] == p["tau_syn_in"]):
            fail(sc, "tau_m, tau_syn_ex, tau_syn_in must be equal")
        if not sc["spike_trains"]:
            fail(sc, "needs spike input")

    if name.endswith("_vm_init"):
        if initial["V_m"] != p["V_m"] or p["V_m"] == p["E_L"]:
            fail(sc, "V_m not initialised away from E_L: %r" % initial)

    if name.endswith("_el_only"):
        if set(p) - {"E_L", "I_e"} or p["E_L"] == -70.0:
            fail(sc, "only E_L (and I_e) may be changed")
        if (initial["V_m"], initial["V_th"], initial["V_reset"]) != (-70.0, -55.0, -70.0):
            fail(sc, "NEST did not keep V_m/V_th/V_reset absolute: %r" % initial)

    if name.endswith("_dc_onoff"):
        if not any(g["start"] == 0.0 for g in sc["dc"]):
            fail(sc, "needs a dc with start 0")
        switched = [g for g in sc["dc"] if g["start"] > 0.0]
        if len(switched) != 1:
            fail(sc, "needs exactly one dc with start > 0")
        g = switched[0]
        lo, hi = g["start"] + g["delay"], g["stop"] + g["delay"]
        outside = [t for t in spikes if not (lo + EPS < t <= hi + EPS)]
        if outside or not spikes:
            fail(sc, "spikes %r not all inside (%g, %g]" % (outside or spikes, lo, hi))

    if name.endswith("_refractory") or name.startswith("delta_refractory_input_"):
        t_ref = initial["t_ref"]
        hits = refractory_hits(sc, spikes, t_ref)
        if len(hits) < 3:
            fail(sc, "only %d input arrivals inside refractory windows" % len(hits))
        results.setdefault("_refractory_hits", {})[name] = len(hits)

    if name.endswith("_vmin"):
        vmin = p["V_min"]
        vm = data["V_m"]
        if min(vm) < vmin - EPS:
            fail(sc, "V_m went below V_min")
        if not any(abs(v - vmin) <= EPS for v in vm):
            fail(sc, "V_m never reached V_min")

    if name == "exp_receptor1":
        if not any(g["receptor"] == 1 for g in sc["dc"]):
            fail(sc, "needs a dc on receptor 1")
        if max(data["I_syn_ex"]) <= 0.0 or not spikes:
            fail(sc, "receptor-1 dc not visible in I_syn_ex or no spikes")

    if name == "alpha_near_singular":
        if p["tau_syn_ex"] == p["tau_m"]:
            fail(sc, "must not be exactly singular")

    if name.startswith("htum_"):
        check_htum(sc, data, initial)

    if name.startswith("delta_refractory_input_"):
        want = name.endswith("_on")
        if p.get("refractory_input") is not want:
            fail(sc, "refractory_input must be %s" % want)


def check_htum(sc, data, initial):
    """Two refractory periods: V_m clamped to V_reset for t_ref_abs after each spike; where
    t_ref_tot is longer, V_m must reach V_th inside (t_ref_abs, t_ref_tot] after at least three
    spikes, so that only the total period keeps the neuron from firing. NEST records this
    model's V_m relative to E_L."""
    h = sc["resolution"]
    e_l = initial["E_L"]
    steps = lambda t: math.ceil(round(t * 1000.0) / round(h * 1000.0))
    n_abs, n_tot = steps(initial["t_ref_abs"]), steps(initial["t_ref_tot"])
    k_of = {round(t / h): v for t, v in zip(data["times"], data["V_m"])}
    blocked = 0
    for ts in data["spike_times"]:
        s = round(ts / h)
        held = [k_of[k] for k in range(s, s + n_abs + 1) if k in k_of]
        if any(v != initial["V_reset"] - e_l for v in held):
            fail(sc, "V_m not clamped to V_reset after the spike at %g ms" % ts)
        free = [k_of[k] for k in range(s + n_abs + 1, s + n_tot + 1) if k in k_of]
        if any(v >= initial["V_th"] - e_l for v in free):
            blocked += 1
    if n_tot > n_abs and blocked < 3:
        fail(sc, "V_m reached V_th inside the total refractory period after only %d spikes" % blocked)
    if n_tot == n_abs and sc["params"].get("t_ref_abs") != sc["params"].get("t_ref_tot"):
        fail(sc, "periods of equal steps must be given equal")


def check_pairs(results):
    on = results.get("delta_refractory_input_on")
    off = results.get("delta_refractory_input_off")
    if on is None or off is None:
        raise ScenarioError("delta_refractory_input_on/off scenarios are required")
    if on["V_m"] == off["V_m"]:
        raise ScenarioError("delta_refractory_input_on/off: V_m traces are identical")


# --------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------

def render(sc, data, version):
    """Deterministic JSON text: one top-level key per line."""
    items = [("name", sc["name"]), ("model", sc["model"]), ("nest_version", version)]
    if "error" in data:
        items += [("error", data["error"]), ("error_time", data["error_time"])]
    else:
        items.append(("times", data["times"]))
        items += [(r, data[r]) for r in sc["record"]]
        items.append(("spike_times", data["spike_times"]))
    lines = ["  %s: %s" % (json.dumps(k), json.dumps(v)) for k, v in items]
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    # self-check: valid JSON, floats round-trip
    back = json.loads(text)
    for k, v in items:
        if back[k] != v:
            raise ScenarioError("%s: JSON round trip failed for %s" % (sc["name"], k))
    return text


def generate(outdir, scenarios_path=SCENARIOS):
    with open(scenarios_path) as f:
        scenarios = json.load(f)
    names = [sc["name"] for sc in scenarios]
    if len(set(names)) != len(names):
        raise ScenarioError("duplicate scenario names")
    for sc in scenarios:
        validate(sc)

    nest = import_nest()
    version = nest.__version__
    for sc in scenarios:
        check_model(nest, sc)
    results = {}
    written = []
    for sc in scenarios:
        data, initial = simulate(nest, sc)
        check(sc, data, initial, results)
        results[sc["name"]] = data
        path = Path(outdir) / (sc["name"] + ".json")
        with open(path, "w", newline="\n") as f:
            f.write(render(sc, data, version))
        written.append((sc["name"], len(data.get("spike_times", [])), sc["min_spikes"]))
    if Path(scenarios_path).resolve() == SCENARIOS:
        check_pairs(results)
    return written, results.get("_refractory_hits", {})


def rel(path):
    try:
        return path.relative_to(REPO)
    except ValueError:
        return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with the output directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="print spike counts")
    ap.add_argument("--scenarios", type=Path, default=SCENARIOS,
                    help="scenario file (default: tests/nest/scenarios.json)")
    ap.add_argument("--out", type=Path, default=FIXTURES,
                    help="output directory (default: tests/fixtures)")
    args = ap.parse_args()
    scenarios = args.scenarios.resolve()
    out = args.out.resolve()

    t0 = time.time()
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                written, _ = generate(tmp, scenarios)
                bad = []
                for name, _, _ in written:
                    new = (Path(tmp) / (name + ".json")).read_bytes()
                    old_path = out / (name + ".json")
                    if not old_path.exists():
                        bad.append("%s (missing)" % rel(old_path))
                    elif old_path.read_bytes() != new:
                        bad.append("%s (differs)" % rel(old_path))
            if bad:
                print("fixtures out of date:")
                for b in bad:
                    print("  " + b)
                return 1
            print("all %d NEST fixtures up to date (%.1f s)" % (len(written), time.time() - t0))
            return 0

        out.mkdir(parents=True, exist_ok=True)
        written, hits = generate(out, scenarios)
        if args.verbose:
            for name, n, ms in written:
                extra = " (%d inputs in refractory windows)" % hits[name] if name in hits else ""
                print("  %-28s %3d spikes (min_spikes %d)%s" % (name, n, ms, extra))
        print("wrote %d NEST fixtures to %s (%.1f s)"
              % (len(written), rel(out), time.time() - t0))
        return 0
    except ScenarioError as e:
        print("ERROR: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
