#!/usr/bin/env python3
"""NEST 3.10 reference fixtures for parrot_neuron (exact spike times).

Reads tests/nest/parrot_scenarios.json, simulates every scenario with NEST and
writes tests/fixtures/parrot/<name>.json.

Usage (from the repository root, with a python that can import nest):

    python tests/nest/parrot.py            # (re)write the fixtures
    python tests/nest/parrot.py --check    # regenerate into a temp dir and
                                           # compare byte-for-byte

Scenario schema (JSON list; every key required, in this order):

    name         str
    resolution   ms
    simtime      ms; one Simulate(simtime) from t = 0
    n_parrots    int; parrots are indexed 0..n_parrots-1
    generators   [{"spike_times": [ms, ...],
                   "spike_multiplicities": [int, ...] | null}]   (null = all 1)
                 one spike_generator each, indexed 0..; times on the grid, > 0
    connections  [{"from": ["gen", i] | ["parrot", i], "to": j (a parrot),
                   "weight": float, "delay": ms, "receptor": 0 | 1}]
                 static_synapse, one NEST Connect call each (so two entries
                 with the same ends make two connections)
    note         str (what the scenario shows)

Node ids: the parrots are created first (ids 1..n_parrots, i.e. index + 1),
then the generators (in list order), then one spike_recorder connected to
every parrot (start 0, no stop).  local_num_threads = 1; nothing is random.

Fixture (tests/fixtures/parrot/<name>.json):

    name, nest_version, scenario (as read),
    senders   [node id, ...]  (parrot index + 1)
    times     [ms, ...]       (rounded to 9 decimals)

The recorder's events with time <= simtime, sorted by (time, sender),
duplicates kept: the spike_recorder writes one event per unit of
multiplicity, so a parrot that emits one event of multiplicity m shows up m
times with the same sender and time.

Semantics checked against live NEST for every scenario (the script fails
otherwise, by comparing NEST's events with an independent event-queue model):

  * a spike sent by a generator at t over a connection with delay d reaches
    the parrot at t + d and the parrot's event is stamped t + d (no extra
    step): the recorder sees time t + d;
  * a parrot repeats a spike arriving on receptor 0 as many times as its
    multiplicity; the weight is ignored (0.0 and negative weights too);
  * receptor 1 is accepted (for both generator and parrot sources) but its
    spikes are never repeated; receptor 2 is refused by Connect;
  * everything reaching a parrot in the same step (several generators,
    several connections, a spike time listed twice) adds up into one event
    whose multiplicity is the sum, and a parrot downstream of a parrot repeats
    that multiplicity (it passes through chains unchanged);
  * after Simulate(simtime) the recorder already holds every event with
    time <= simtime, including those stamped exactly simtime; a further
    Simulate adds only later events.
"""

import argparse
import heapq
import json
import sys
import tempfile
import time
from pathlib import Path

import nest_common

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCENARIOS = HERE / "parrot_scenarios.json"
FIXTURES = REPO / "tests" / "fixtures" / "parrot"

KEYS = ["name", "resolution", "simtime", "n_parrots", "generators", "connections", "note"]
EPS = 1e-9
DIGITS = 9


class ScenarioError(Exception):
    pass


def fail(sc, msg):
    raise ScenarioError("%s: %s" % (sc.get("name", "?"), msg))


def steps(sc, t):
    h = sc["resolution"]
    k = round(t / h)
    if abs(t - k * h) > EPS * max(1.0, abs(t)):
        fail(sc, "time %r not on the %g ms grid" % (t, h))
    return int(k)


def validate(sc):
    if list(sc.keys()) != KEYS:
        fail(sc, "keys must be %s in this order" % KEYS)
    steps(sc, sc["simtime"])
    n = sc["n_parrots"]
    if not isinstance(n, int) or n < 1:
        fail(sc, "n_parrots must be a positive int")
    for g in sc["generators"]:
        if set(g) != {"spike_times", "spike_multiplicities"}:
            fail(sc, "generator keys are spike_times, spike_multiplicities")
        for t in g["spike_times"]:
            if steps(sc, t) < 1:
                fail(sc, "spike times must be > 0")
        m = g["spike_multiplicities"]
        if m is not None and (len(m) != len(g["spike_times"]) or
                              any(not isinstance(x, int) or x < 1 for x in m)):
            fail(sc, "spike_multiplicities must be null or positive ints, one per time")
    for c in sc["connections"]:
        if list(c.keys()) != ["from", "to", "weight", "delay", "receptor"]:
            fail(sc, "connection keys must be from, to, weight, delay, receptor")
        kind, i = c["from"]
        if kind not in ("gen", "parrot") or not 0 <= i < (len(sc["generators"]) if kind == "gen" else n):
            fail(sc, "bad source %r" % (c["from"],))
        if not 0 <= c["to"] < n:
            fail(sc, "bad target %r" % c["to"])
        if c["receptor"] not in (0, 1):
            fail(sc, "receptor must be 0 or 1")
        if steps(sc, c["delay"]) < 1:
            fail(sc, "delay below the resolution")


def predict(sc):
    """The recorder's events (step, node id) by the semantics in the docstring."""
    n_end = steps(sc, sc["simtime"])
    arrivals = {}  # (step, parrot) -> count
    queue = []

    def deliver(step, parrot, count):
        key = (step, parrot)
        if key not in arrivals:
            heapq.heappush(queue, key)
            arrivals[key] = 0
        arrivals[key] += count

    for gi, g in enumerate(sc["generators"]):
        mult = g["spike_multiplicities"] or [1] * len(g["spike_times"])
        for t, m in zip(g["spike_times"], mult):
            for c in sc["connections"]:
                if c["from"] == ["gen", gi] and c["receptor"] == 0:
                    deliver(steps(sc, t) + steps(sc, c["delay"]), c["to"], m)
    events = []
    while queue:
        step, p = heapq.heappop(queue)
        if step > n_end:
            break
        count = arrivals[(step, p)]
        events.extend([(step, p + 1)] * count)
        for c in sc["connections"]:
            if c["from"] == ["parrot", p] and c["receptor"] == 0:
                deliver(step + steps(sc, c["delay"]), c["to"], count)
    return sorted(events)


def simulate(nest, sc):
    h, T = sc["resolution"], sc["simtime"]
    nest.ResetKernel()
    nest.set(resolution=h, local_num_threads=1)
    parrots = nest.Create("parrot_neuron", sc["n_parrots"])
    if parrots.tolist() != list(range(1, sc["n_parrots"] + 1)):
        fail(sc, "parrots do not have node ids 1..n")
    gens = []
    for g in sc["generators"]:
        params = {"spike_times": [float(t) for t in g["spike_times"]]}
        if g["spike_multiplicities"] is not None:
            params["spike_multiplicities"] = [int(m) for m in g["spike_multiplicities"]]
        gens.append(nest.Create("spike_generator", params=params))
    sr = nest.Create("spike_recorder")
    for c in sc["connections"]:
        kind, i = c["from"]
        src = gens[i] if kind == "gen" else parrots[i]
        nest.Connect(src, parrots[c["to"]], "one_to_one",
                     {"synapse_model": "static_synapse", "weight": float(c["weight"]),
                      "delay": float(c["delay"]), "receptor_type": int(c["receptor"])})
    nest.Connect(parrots, sr)
    nest.Simulate(T)
    first = events_of(sc, sr)
    # A second Simulate must not add events with time <= simtime.
    pad = max([c["delay"] for c in sc["connections"]] + [h]) + h
    nest.Simulate(pad)
    later = events_of(sc, sr)
    n_end = steps(sc, T)
    if any(e[0] > n_end for e in first):
        fail(sc, "events after simtime recorded by Simulate(simtime)")
    if [e for e in later if e[0] <= n_end] != first:
        fail(sc, "events with time <= simtime arrived after Simulate(simtime)")
    return first


def events_of(sc, sr):
    ev = sr.events
    out = []
    for s, t in zip(ev["senders"], ev["times"]):
        out.append((steps(sc, float(t)), int(s)))
    return sorted(out)


def check_receptor2(nest):
    nest.ResetKernel()
    p = nest.Create("parrot_neuron")
    g = nest.Create("spike_generator")
    try:
        nest.Connect(g, p, syn_spec={"receptor_type": 2})
    except Exception:
        return
    raise ScenarioError("parrot_neuron accepted receptor_type 2")


def run_scenario(nest, sc):
    events = simulate(nest, sc)
    expected = predict(sc)
    if events != expected:
        fail(sc, "NEST events differ from the documented semantics:\n  nest     %s\n  expected %s"
             % (events, expected))
    if not events:
        fail(sc, "no events")
    h = sc["resolution"]
    return {
        "name": sc["name"],
        "nest_version": nest.__version__,
        "scenario": sc,
        "senders": [s for _, s in events],
        "times": [round(k * h, DIGITS) for k, _ in events],
    }


def generate(outdir):
    with open(SCENARIOS) as f:
        scenarios = json.load(f)
    names = [sc["name"] for sc in scenarios]
    if len(set(names)) != len(names):
        raise ScenarioError("duplicate scenario names")
    for sc in scenarios:
        validate(sc)
    nest = nest_common.import_nest(ScenarioError)
    check_receptor2(nest)
    written = []
    for sc in scenarios:
        out = run_scenario(nest, sc)
        text = nest_common.dumps(out) + "\n"
        if json.loads(text) != out:
            fail(sc, "JSON round trip failed")
        with open(Path(outdir) / (sc["name"] + ".json"), "w", newline="\n") as f:
            f.write(text)
        written.append(sc["name"])
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary directory and compare with tests/fixtures/parrot/")
    args = ap.parse_args()
    t0 = time.time()
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                names = generate(tmp)
                bad = nest_common.stale_files(tmp, FIXTURES, [n + ".json" for n in names], REPO)
            if nest_common.report_stale(bad):
                return 1
            print("all %d parrot fixtures up to date (%.1f s)" % (len(names), time.time() - t0))
            return 0
        FIXTURES.mkdir(parents=True, exist_ok=True)
        names = generate(FIXTURES)
        print("wrote %d parrot fixtures to %s (%.1f s)"
              % (len(names), FIXTURES.relative_to(REPO), time.time() - t0))
        return 0
    except ScenarioError as e:
        print("ERROR: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
