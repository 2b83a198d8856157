"""Runs one PyNEST script unedited, then writes the events of every recorder it made as JSON
(read from its files when it records to ``ascii``).

Usage: python dump_run.py SCRIPT OUT.json

Works the same with NEST and with saltatory's ``nest``: the recorders are found with
``nest.GetNodes()`` after the script ends. Figures go to the Agg backend and are not shown.
"""

import json
import os
import runpy
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")


def read_files(names):
    """The rows of a recorder's text files as columns named by their header, sorted by time
    and sender (the order of rows within a min-delay slice is not compared)."""
    header, rows = None, []
    for name in names:
        with open(name) as f:
            lines = [line.split() for line in f if line.strip() and not line.startswith("#")]
        if lines:
            header = lines[0]
            rows += [[float(x) for x in line] for line in lines[1:]]
    if header is None:
        return {"senders": [], "times": []}
    time = 1 if len(header) > 1 else 0
    rows.sort(key=lambda r: (r[time], r[0]))
    columns = {name: [r[k] for r in rows] for k, name in enumerate(header)}
    columns["senders"] = columns.pop("sender")
    columns["times"] = columns.pop("time_ms")
    return columns


def main(script, out):
    started = time.perf_counter()
    sys.argv = [script]
    runpy.run_path(script, run_name="__main__")
    elapsed = time.perf_counter() - started
    import nest

    recorders = []
    for node in nest.GetNodes():
        model = node.get("model")
        if model not in ("voltmeter", "multimeter", "spike_recorder"):
            continue
        if node.get("record_to") == "ascii":
            events = read_files(node.get("filenames"))
        else:
            events = node.get("events")
        recorders.append(
            {
                "global_id": int(node.get("global_id")),
                "model": model,
                "record_to": node.get("record_to"),
                "events": {k: [float(x) for x in v] for k, v in events.items()},
            }
        )
    with open(out, "w") as f:
        json.dump({"seconds": elapsed, "recorders": recorders}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
