#!/usr/bin/env python3
"""High-precision reference propagators for iaf_psc_alpha and iaf_psc_exp.

For each case the linear sub-threshold dynamics are written as an augmented
system  x' = M x  (a constant input is carried by the state ONE, an external
step current by the state I_stim) and  P = expm(M h)  is evaluated with mpmath
at 50 significant digits.  Every entry is stored as a string with 25
significant digits in tests/fixtures/propagators.json.

All inputs (tau_m, tau_syn, C_m, E_L, h) are the exact binary64 values the
Rust side uses: tau_syn = tau_m + delta is computed in double precision and
converted to mpmath without rounding.

Usage (from the repository root):

    python tests/nest/propagators.py           # (re)write the fixture
    python tests/nest/propagators.py --check   # compare with the repo copy

Units: mV, pA, pA/ms, ms, pF (pA / pF = mV / ms exactly).
"""

import argparse
import json
import sys
import time
from pathlib import Path

import mpmath
from mpmath import mp, mpf

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT = REPO / "tests" / "fixtures" / "propagators.json"

DPS = 50
DIGITS = 25

TAU_M = 10.0
C_M = 250.0
E_L = -70.0
I_E = 0.0
H = 0.1
DELTAS = [0.0, 1e-10, -1e-10, 1e-6, -1e-6, 1e-3, -1e-3, -8.0, 10.0]

VARS = {
    "iaf_psc_alpha": ["V_m", "I_syn_ex", "dI_syn_ex", "I_syn_in", "dI_syn_in", "ONE", "I_stim"],
    "iaf_psc_exp": ["V_m", "I_syn_ex", "I_syn_in", "ONE", "I_stim"],
}


def generator_matrix(model, tau_m, tau_syn, c_m, e_l, i_e):
    """Continuous-time matrix M of the augmented linear system (mpf entries)."""
    names = VARS[model]
    n = len(names)
    ix = {v: i for i, v in enumerate(names)}
    M = mpmath.zeros(n, n)
    V, ONE, STIM = ix["V_m"], ix["ONE"], ix["I_stim"]

    # dV/dt = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
    M[V, V] = -1 / tau_m
    M[V, ONE] = e_l / tau_m + i_e / c_m
    M[V, STIM] = 1 / c_m
    for syn in ("ex", "in"):
        i = ix["I_syn_" + syn]
        M[V, i] = 1 / c_m
        if model == "iaf_psc_alpha":
            d = ix["dI_syn_" + syn]
            # dI/dt = dI - I/tau_syn ;  d(dI)/dt = -dI/tau_syn
            M[i, i] = -1 / tau_syn
            M[i, d] = mpf(1)
            M[d, d] = -1 / tau_syn
        else:
            # dI/dt = -I/tau_syn
            M[i, i] = -1 / tau_syn
    # ONE and I_stim are constant: their rows stay zero.
    return M


def fmt(x):
    """25 significant digits, deterministic, parseable as a float literal."""
    if x == 0:
        return "0"
    return mpmath.nstr(x, DIGITS, strip_zeros=False, min_fixed=-4, max_fixed=6)


def build():
    mp.dps = DPS
    cases = []
    for model in ("iaf_psc_alpha", "iaf_psc_exp"):
        for delta in DELTAS:
            tau_syn = TAU_M + delta  # the exact double the Rust side sees
            M = generator_matrix(model, mpf(TAU_M), mpf(tau_syn), mpf(C_M), mpf(E_L), mpf(I_E))
            P = mpmath.expm(M * mpf(H))
            n = len(VARS[model])
            cases.append({
                "model": model,
                "tau_m": TAU_M,
                "tau_syn": tau_syn,
                "C_m": C_M,
                "E_L": E_L,
                "h": H,
                "vars": VARS[model],
                "matrix": [[fmt(P[r, c]) for c in range(n)] for r in range(n)],
            })
    return cases


def render(cases):
    def c(v):
        return json.dumps(v, separators=(", ", ": "))

    blocks = []
    for case in cases:
        lines = ['   %s: %s' % (json.dumps(k), c(v)) for k, v in case.items() if k != "matrix"]
        rows = ",\n".join("     " + c(row) for row in case["matrix"])
        lines.append('   "matrix": [\n' + rows + "\n   ]")
        blocks.append("  {\n" + ",\n".join(lines) + "\n  }")
    text = '{\n "cases": [\n' + ",\n".join(blocks) + "\n ]\n}\n"
    assert json.loads(text) == {"cases": cases}
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory and compare with tests/fixtures/propagators.json")
    args = ap.parse_args()
    t0 = time.time()
    text = render(build())
    if args.check:
        if not OUT.exists():
            print("%s missing" % OUT.relative_to(REPO))
            return 1
        if OUT.read_bytes() != text.encode():
            print("%s differs" % OUT.relative_to(REPO))
            return 1
        print("propagators.json up to date (%.1f s)" % (time.time() - t0))
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", newline="\n") as f:
        f.write(text)
    print("wrote %s (%.1f s)" % (OUT.relative_to(REPO), time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
