#!/usr/bin/env python3
"""NEST 3.10 reference files of the ascii recording backend.

Reads tests/nest/ascii_scenarios.json, runs every scenario in NEST with one
thread and the recorder's record_to set to "ascii", and writes the file NEST
wrote to tests/fixtures/ascii/<name>.dat.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/ascii_files.py            # (re)write the fixtures
    python tests/nest/ascii_files.py --check    # regenerate into a temp dir and
                                                # compare byte-for-byte

Scenario: `n` iaf_psc_alpha neurons with constant currents `I_e` (pA); the
first half connects to the second half all-to-all (static_synapse, `weight`
pA, `delay` ms, which is then the min-delay slice); one recorder of model
`recorder.model` with `recorder.params` (NEST names) records all neurons.

NEST hands a multimeter's samples of the last min-delay slice over only at
the next Simulate call, so every scenario is simulated for simtime + delay
and the rows after simtime are cut (the rows of one slice stay together, so
this leaves exactly the slices up to simtime).
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nest_common import import_nest, report_stale, stale_files  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "tests" / "nest" / "ascii_scenarios.json"
OUT = REPO / "tests" / "fixtures" / "ascii"


def run(nest, sc, folder):
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": 0.1, "local_num_threads": 1,
                          "data_path": str(folder), "overwrite_files": True})
    n = sc["n"]
    neurons = nest.Create("iaf_psc_alpha", n)
    neurons.set([{"I_e": i} for i in sc["I_e"]])
    half = n // 2
    nest.Connect(neurons[:half], neurons[half:], "all_to_all",
                 {"weight": sc["weight"], "delay": sc["delay"]})
    rec = sc["recorder"]
    params = dict(rec["params"], record_to="ascii")
    device = nest.Create(rec["model"], params)
    if rec["model"] == "spike_recorder":
        nest.Connect(neurons, device)
    else:
        nest.Connect(device, neurons)
    nest.Simulate(sc["simtime"] + sc["delay"])
    text = Path(device.filenames[0]).read_text()
    steps = rec["params"].get("time_in_steps", False)
    lines = text.splitlines(keepends=True)
    kept = []
    for line in lines:
        if line.startswith("#") or line.startswith("sender"):
            kept.append(line)
            continue
        cols = line.split("\t")
        t = int(cols[1]) * 0.1 if steps else float(cols[1])
        if t <= sc["simtime"] + 1e-9:
            kept.append(line)
    return "".join(kept)


def generate(out_dir):
    nest = import_nest(SystemExit)
    scenarios = json.loads(SCENARIOS.read_text())
    names = []
    with tempfile.TemporaryDirectory() as tmp:
        for sc in scenarios:
            text = run(nest, sc, tmp)
            name = sc["name"] + ".dat"
            with open(Path(out_dir) / name, "w", newline="\n") as f:
                f.write(text)
            names.append(name)
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary folder and compare with the fixtures")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as fresh:
            names = generate(fresh)
            status = report_stale(stale_files(fresh, OUT, names, REPO))
        if status == 0:
            print("ascii fixtures up to date")
        return status
    OUT.mkdir(parents=True, exist_ok=True)
    names = generate(OUT)
    print("wrote %d files to %s" % (len(names), OUT.relative_to(REPO)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
