"""Runs NEST's own example scripts unedited on saltatory and on NEST 3.10, and compares what
their recorders hold.

Usage: python run_examples.py --nest-python PATH [--keep DIR]

Run it with the Python of an environment where saltatory is installed and NEST is not; the
scripts are taken from the NEST installation of ``--nest-python`` (never copied). Each script
runs twice, in a subprocess each, with Matplotlib's Agg backend: with the ``nest`` package of
``shim/`` first on the path (saltatory), and with NEST. Afterwards every recorder's events are
dumped (``dump_run.py``) and compared: deterministic scripts must give the same recorders,
senders and times, and recorded variables within 1e-9 relative. Prints a table and exits
non-zero if a required script fails.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy

HERE = os.path.dirname(os.path.abspath(__file__))
RELATIVE = 1e-9

# (script, required, random): deterministic scripts are compared event by event; random ones
# (saltatory's random streams differ from NEST's) statistically. SLOW ones run with --slow.
SCRIPTS = [
    ("one_neuron.py", True, False),
    ("twoneurons.py", True, False),
    ("testiaf.py", False, False),
    ("vinit_example.py", False, False),
    ("hh_psc_alpha.py", False, False),
    ("brette_gerstner_fig_2c.py", False, False),
    ("brette_gerstner_fig_3d.py", False, False),
    ("multimeter_file.py", False, False),
    ("one_neuron_with_noise.py", False, True),
    ("BrodyHopfield.py", False, True),
    ("lin_rate_ipn_network.py", False, True),
    ("rate_neuron_dm.py", False, True),
    ("recording_demo.py", False, True),
    ("evaluate_tsodyks2_synapse.py", True, False),
    ("evaluate_quantal_stp_synapse.py", True, True),
]
SLOW = [
    ("brunel_delta_nest.py", False, True),
]
# Random scripts: spike counts within this many standard errors (Poisson), recorded values'
# means within this fraction of their standard deviation, standard deviations within this ratio.
Z_SPIKES = 4.0
MEAN_IN_STD = 0.2
STD_RATIO = 1.25


def examples_dir(nest_python):
    """The folder of PyNEST examples shipped with the NEST of ``nest_python``."""
    code = "import importlib.util, os; print(os.path.dirname(importlib.util.find_spec('nest').origin))"
    out = subprocess.run([nest_python, "-c", code], capture_output=True, text=True, check=True)
    return os.path.join(out.stdout.strip(), "doc", "examples", "pynest")


def run(python, script, out, shim):
    """Runs ``script`` with ``python``; returns (ok, last line of the error)."""
    env = dict(os.environ, MPLBACKEND="Agg", PYNEST_QUIET="1")
    env.pop("PYTHONPATH", None)
    if shim:
        env["PYTHONPATH"] = os.path.join(HERE, "shim")
    cmd = [python, os.path.join(HERE, "dump_run.py"), script, out]
    # A folder of its own for the files the script writes.
    cwd = tempfile.mkdtemp(prefix=os.path.basename(out) + "-", dir=os.path.dirname(out))
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
    if p.returncode != 0:
        lines = [line for line in p.stderr.strip().splitlines() if line.strip()]
        return False, lines[-1] if lines else f"exit {p.returncode}"
    return True, ""


def relative(a, b):
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def compare(ours, theirs):
    """(matches, measure) of two dumps of the same deterministic script."""
    a, b = ours["recorders"], theirs["recorders"]
    if not same_recorders(a, b):
        return False, "different recorders"
    worst, events, spikes, extra = 0.0, 0, 0, 0
    for ra, rb in zip(a, b):
        ea, eb = ra["events"], rb["events"]
        if ra.get("record_to") == "ascii" and ra["model"] != "spike_recorder" and eb["times"]:
            # A multimeter's file: NEST writes the last min-delay slice's samples only at the
            # next Simulate, saltatory when the slice ends. Compare what both wrote.
            keep = sum(1 for t in ea["times"] if t <= eb["times"][-1])
            extra += len(ea["times"]) - keep
            ea = {k: v[:keep] for k, v in ea.items()}
        if sorted(ea) != sorted(eb):
            return False, f"recorder {ra['global_id']}: keys {sorted(ea)} vs {sorted(eb)}"
        if ea["senders"] != eb["senders"]:
            return False, f"recorder {ra['global_id']}: senders differ ({len(ea['senders'])} vs {len(eb['senders'])} events)"
        if ea["times"] != eb["times"]:
            return False, f"recorder {ra['global_id']}: times differ"
        for key in ea:
            if key in ("senders", "times"):
                continue
            worst = max([worst] + [relative(x, y) for x, y in zip(ea[key], eb[key])])
        events += len(ea["times"])
        if ra["model"] == "spike_recorder":
            spikes += len(ea["times"])
    measure = f"{events} events identical in sender and time"
    if spikes:
        measure += f" ({spikes} spikes)"
    measure += f"; recorded values max rel. diff {worst:.1e}"
    if extra:
        measure += f"; saltatory's files also hold the last slice's {extra} samples, which NEST writes at the next Simulate"
    return worst <= RELATIVE and not extra, measure


def same_recorders(a, b):
    return [(r["global_id"], r["model"]) for r in a] == [(r["global_id"], r["model"]) for r in b]


def compare_statistically(ours, theirs):
    """(matches, measure) of two dumps of the same random script: the same recorders and
    sample grids; spike counts and recorded values' means and spreads alike."""
    a, b = ours["recorders"], theirs["recorders"]
    if not same_recorders(a, b):
        return False, "different recorders"
    ok, worst_z, worst_mean, worst_ratio, spikes, meters = True, 0.0, 0.0, 1.0, [0, 0], 0
    for ra, rb in zip(a, b):
        ea, eb = ra["events"], rb["events"]
        if ra["model"] == "spike_recorder":
            na, nb = len(ea["times"]), len(eb["times"])
            spikes[0] += na
            spikes[1] += nb
            z = abs(na - nb) / max((na + nb) ** 0.5, 1.0)
            worst_z = max(worst_z, z)
            ok &= z <= Z_SPIKES
            continue
        if ea["senders"] != eb["senders"] or ea["times"] != eb["times"]:
            return False, f"recorder {ra['global_id']}: sample grids differ"
        meters += 1
        for key in ea:
            if key in ("senders", "times"):
                continue
            x, y = numpy.asarray(ea[key]), numpy.asarray(eb[key])
            spread = max(x.std(), y.std())
            if spread == 0:
                ok &= bool(numpy.allclose(x, y))
                continue
            mean = abs(x.mean() - y.mean()) / spread
            ratio = max(x.std(), y.std()) / max(min(x.std(), y.std()), 1e-300)
            worst_mean, worst_ratio = max(worst_mean, mean), max(worst_ratio, ratio)
            ok &= mean <= MEAN_IN_STD and ratio <= STD_RATIO
    parts = []
    if spikes != [0, 0]:
        parts.append(f"{spikes[0]} vs {spikes[1]} spikes (z = {worst_z:.1f})")
    if meters:
        parts.append(f"recorded means differ by {worst_mean:.3f} SD, SDs by x{worst_ratio:.3f}")
    return ok, "statistically: " + "; ".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nest-python", required=True, help="Python of an environment with NEST 3.10")
    ap.add_argument("--keep", help="folder to keep the dumps in")
    ap.add_argument("--slow", action="store_true", help="also the scripts that take a minute on NEST")
    args = ap.parse_args()
    # Absolute (not resolved: a venv's python is a link), as the scripts run elsewhere.
    args.nest_python = os.path.abspath(args.nest_python)
    folder = examples_dir(args.nest_python)
    work = args.keep or tempfile.mkdtemp(prefix="examples-")
    os.makedirs(work, exist_ok=True)
    rows, failed = [], False
    for script, required, random in SCRIPTS + (SLOW if args.slow else []):
        path = os.path.join(folder, script)
        ours, theirs = (os.path.join(work, f"{script}.{who}.json") for who in ("saltatory", "nest"))
        ok, err = run(sys.executable, path, ours, shim=True)
        nest_ok, nest_err = run(args.nest_python, path, theirs, shim=False)
        if not ok:
            row = (script, "no", "no", err)
        elif not nest_ok:
            row = (script, "yes", "no", f"NEST failed: {nest_err}")
        else:
            with open(ours) as f, open(theirs) as g:
                a, b = json.load(f), json.load(g)
            match, measure = (compare_statistically if random else compare)(a, b)
            measure += f"; {a['seconds']:.2f} s vs NEST {b['seconds']:.2f} s"
            row = (script, "yes", "yes" if match else "no", measure)
        failed |= required and row[2] != "yes"
        rows.append(row)
    head = ("script", "runs unedited", "matches NEST", "measure")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
