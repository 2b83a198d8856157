#!/usr/bin/env bash
# Brunel alpha, NEST 3.10 against saltatory, measured by protocol: ROUNDS rounds, each of NEST
# at 2 threads, saltatory at 2 threads and saltatory at 1 thread, one after the other, each
# started once the machine's load has settled. Prints every run, then the medians, the ratio
# NEST/saltatory at 2 threads and saltatory's speed-up from 1 to 2 threads, and saltatory's
# busy time per thread in each phase.
#
#   benches/nest_compare/protocol.sh [ROUNDS] [ORDER] [SIMTIME_MS]    (defaults: 5 2500 1000)
#
# SALT_BIN=path measures another build of the example (a baseline) instead of this tree's.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
order=${2:-2500}
simtime=${3:-1000}

venv=benches/nest_compare/.venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check nest-simulator==3.10.0 scipy
salt=${SALT_BIN:-target/release/examples/brunel_alpha}
[ -n "${SALT_BIN:-}" ] || cargo build --quiet --release --example brunel_alpha

# Waits (at most a minute) until the one-minute load average is below 0.5.
settle() {
    for _ in $(seq 60); do
        awk '{exit !($1 < 0.5)}' /proc/loadavg && return
        sleep 1
    done
}

out=$(mktemp -d)
for r in $(seq "$rounds"); do
    settle
    PYNEST_QUIET=1 "$venv/bin/python" benches/nest_compare/brunel_nest.py "$order" 2 "$simtime" 1 \
        > "$out/nest.$r.json"
    for t in 2 1; do
        settle
        "$salt" --order "$order" --threads "$t" --simtime "$simtime" \
            --out "$out" > "$out/salt.$t.$r.txt"
    done
done
python3 - "$out" "$rounds" <<'PY'
import json, re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def val(text, key):
    return float(re.search(rf"^{key}: ([0-9.]+)", text, re.M).group(1))
rows = []
print("| round | NEST 2 threads s | saltatory 2 threads s | saltatory 1 thread s | ratio at 2 threads | busy per thread (update; delivery) |")
print("|---|---|---|---|---|---|")
for r in range(1, rounds + 1):
    nest = json.load(open(f"{out}/nest.{r}.json"))["simulate_s"]
    two = open(f"{out}/salt.2.{r}.txt").read()
    one = open(f"{out}/salt.1.{r}.txt").read()
    busy = re.search(r"^busy per thread: update (.*) s, delivery (.*) s", two, re.M)
    s2, s1 = val(two, "simulate"), val(one, "simulate")
    rows.append((nest, s2, s1))
    busy = f"{busy.group(1)}; {busy.group(2)}" if busy else "not reported"
    print(f"| {r} | {nest:.2f} | {s2:.3f} | {s1:.3f} | {nest / s2:.1f}x | {busy} |")
med = [statistics.median(c) for c in zip(*rows)]
print(f"| median | {med[0]:.2f} | {med[1]:.3f} | {med[2]:.3f} | {med[0] / med[1]:.1f}x | |")
print(f"\nsaltatory's speed-up from 1 to 2 threads (medians): {med[2] / med[1]:.2f}")
PY
rm -rf "$out"
