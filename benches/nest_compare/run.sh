#!/usr/bin/env bash
# Brunel alpha in NEST 3.10 and in saltatory, same network, same machine, same run.
# Sets up its own virtual environment with nest-simulator 3.10.0 (and scipy for the PSP norm).
#
#   benches/nest_compare/run.sh [ORDER] [SIMTIME_MS] [THREADS...]    (defaults: 2500 1000 1 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
order=${1:-2500}
simtime=${2:-1000}
shift $(( $# > 2 ? 2 : $# )) || true
threads=("$@")
[ ${#threads[@]} -gt 0 ] || threads=(1 2)

venv=benches/nest_compare/.venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check nest-simulator==3.10.0 scipy
cargo build --quiet --release --example brunel_alpha

peak_rss_mb() { grep "Maximum resident" "$1" | awk '{printf "%.0f", $NF/1024}'; }
out=$(mktemp -d)
printf "%-10s %7s %9s %11s %9s %10s %9s\n" "engine" "threads" "build s" "simulate s" "RSS MB" "B/synapse" "rate Hz"
for t in "${threads[@]}"; do
    PYNEST_QUIET=1 /usr/bin/time -v "$venv/bin/python" benches/nest_compare/brunel_nest.py "$order" "$t" "$simtime" 1 \
        > "$out/nest.json" 2> "$out/nest.time"
    /usr/bin/time -v target/release/examples/brunel_alpha --order "$order" --threads "$t" --simtime "$simtime" --out "$out" \
        > "$out/salt.txt" 2> "$out/salt.time"
    python3 - "$out" "$t" <<'PY'
import json, re, sys
out, t = sys.argv[1], sys.argv[2]
nest = json.load(open(f"{out}/nest.json"))
salt = open(f"{out}/salt.txt").read()
def rss(f):
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f).read()).group(1)) / 1024
def val(key):
    return float(re.search(rf"^{key}: ([0-9.]+)", salt, re.M).group(1))
syn = nest["synapses"]
rows = [("NEST", nest["build_s"], nest["simulate_s"], rss(f"{out}/nest.time"), nest["rate_hz"]),
        ("saltatory", val("build"), val("simulate"), rss(f"{out}/salt.time"), val("rate"))]
for name, b, s, r, hz in rows:
    print(f"{name:<10} {t:>7} {b:9.2f} {s:11.2f} {r:9.0f} {r * 2**20 / syn:10.1f} {hz:9.2f}")
n, s = rows
print(f"{'ratio':<10} {t:>7} {n[1] / s[1]:8.1f}x {n[2] / s[2]:10.1f}x {n[3] / s[3]:8.1f}x {'':>10} {s[4] / n[4] - 1:+9.2%}")
PY
done
rm -rf "$out"
