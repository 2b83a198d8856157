#!/usr/bin/env bash
# NEST's hpc_benchmark network, NEST 3.10 against saltatory, in one sitting: each round runs
# NEST and then saltatory at the same scale and thread count, each started once the machine's
# load has settled. Prints every run and the ratios of build and simulation times.
#
#   benches/nest_compare/hpc_benchmark.sh [ROUNDS] [SCALE] [THREADS]    (defaults: 1 0.1 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-1}
scale=${2:-0.1}
threads=${3:-2}

venv=benches/nest_compare/.venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check nest-simulator==3.10.0 scipy
cargo build --quiet --release --example hpc_benchmark

settle() {
    for _ in $(seq 60); do
        awk '{exit !($1 < 0.5)}' /proc/loadavg && return
        sleep 1
    done
}

for r in $(seq "$rounds"); do
    settle
    nest=$(PYNEST_QUIET=1 "$venv/bin/python" benches/nest_compare/hpc_nest.py "$scale" "$threads" 50 250 "$r")
    settle
    salt=$(target/release/examples/hpc_benchmark --scale "$scale" --threads "$threads" --seed "$r")
    echo "round $r"
    echo "NEST: $nest"
    echo "$salt"
    python3 - "$nest" "$salt" <<'PY'
import json, re, sys
nest, salt = json.loads(sys.argv[1]), sys.argv[2]
val = lambda key: float(re.search(rf"^{key}: ([0-9.]+)", salt, re.M).group(1))
print(f"build: NEST {nest['build_s']:.2f} s, saltatory {val('build'):.2f} s ({nest['build_s'] / val('build'):.1f}x)")
print(f"simulate: NEST {nest['simulate_s']:.2f} s, saltatory {val('simulate'):.2f} s ({nest['simulate_s'] / val('simulate'):.1f}x)")
print(f"rate: NEST {nest['rate']:.1f} Hz, saltatory {val('rate'):.1f} Hz")
print(f"w - w0: NEST mean {nest['dw_mean']:.4f} std {nest['dw_std']:.4f} pA")
PY
done
