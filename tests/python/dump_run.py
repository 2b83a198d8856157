"""Runs one PyNEST script unedited, then writes the events of every recorder it made as JSON.

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
        events = node.get("events")
        recorders.append(
            {
                "global_id": int(node.get("global_id")),
                "model": model,
                "events": {k: [float(x) for x in v] for k, v in events.items()},
            }
        )
    with open(out, "w") as f:
        json.dump({"seconds": elapsed, "recorders": recorders}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
