#!/usr/bin/env bash
# How saltatory's Brunel alpha network scales with size and threads, and where the time goes.
#
#   benches/scaling.sh [SIMTIME_MS] [ORDERS...]      (defaults: 1000; orders 500 1000 2500 5000)
#
# Prints one markdown table: per order and thread count, the simulate time, its phases (neuron
# update with the Poisson generators inside it, spike exchange, delivery), the real-time factor,
# the synapse table size and the mean rate.
set -euo pipefail
cd "$(dirname "$0")/.."
simtime=${1:-1000}
shift $(( $# > 0 ? 1 : 0 )) || true
orders=("$@")
[ ${#orders[@]} -gt 0 ] || orders=(500 1000 2500 5000)
cargo build --quiet --release --example brunel_alpha
out=$(mktemp -d)
echo "| order | neurons | synapses | threads | simulate s | update s (generators s) | exchange s | delivery s | real-time factor | B/synapse | rate Hz |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for order in "${orders[@]}"; do
    for t in 1 2; do
        target/release/examples/brunel_alpha --order "$order" --threads "$t" --simtime "$simtime" \
            --out "$out" > "$out/run.txt"
        python3 - "$out/run.txt" "$order" "$t" "$simtime" <<'PY'
import re, sys
text, order, threads, simtime = open(sys.argv[1]).read(), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
num = lambda pat: float(re.search(pat, text, re.M).group(1))
sim = num(r"^simulate: ([0-9.]+)")
upd, gen, exc, dlv = (float(x) for x in re.search(
    r"phases: update ([0-9.]+) s \(input generators ([0-9.]+) s\), exchange ([0-9.]+) s, delivery ([0-9.]+) s",
    text).groups())
syn = int(num(r"^synapses: ([0-9]+)"))
bps = num(r"synapse tables: ([0-9.]+) bytes/synapse")
rate = num(r"^rate: ([0-9.]+)")
print(f"| {order} | {5 * order} | {syn} | {threads} | {sim:.2f} | {upd:.2f} ({gen:.2f}) | {exc:.3f} | "
      f"{dlv:.2f} | {sim / (simtime / 1000):.2f} | {bps:.2f} | {rate:.2f} |")
PY
    done
done
rm -rf "$out"
