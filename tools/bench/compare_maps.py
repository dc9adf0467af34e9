"""Largest absolute difference between the .npy maps of two localize output folders (same file names), e.g. the
GPU's and the CPU's:  python3 tools/bench/compare_maps.py A B [--bound 2e-4]  (exit 1 past the bound)."""
import argparse
import glob
import os
import sys

import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--bound", type=float, default=2e-4)
    a = p.parse_args()
    worst = {"raw": 0.0, "map": 0.0}
    files = sorted(glob.glob(os.path.join(a.a, "**", "*.npy"), recursive=True))
    for f in files:
        other = os.path.join(a.b, os.path.relpath(f, a.a))
        kind = "raw" if f.endswith(".raw.npy") else "map"
        worst[kind] = max(worst[kind], float(np.abs(np.load(f).astype(np.float64) - np.load(other)).max()))
    ok = len(files) > 0 and max(worst.values()) <= a.bound
    print(f"{'PASS' if ok else 'FAIL'}: {len(files)} maps; largest difference raw {worst['raw']:.2e}, "
          f"evaluation map {worst['map']:.2e} (bound {a.bound:g})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
