"""Golden values for HTF's saved maps as the authors' comparison scores them (SSLalignment test.py, validate_htf):
heatmap_now = utils_lvs.normalize_img(-np.load(map)); pred = 1 - heatmap_now, run with the official utils_lvs.

Regenerate: /usr/bin/python3 tools/golden/htf_fixtures.py --official /work/ref/SSLalignment \
    --out tests/SoundSight.Tests/Fixtures/Htf/htf_pred.json

The maps are not committed: each is a formula of its indices (maps() below) that HtfPredictionLoaderTests rebuilds
exactly; the JSON holds the SHA-256 of pred's bytes in pred's dtype (so the C# result must match bit for bit) and a
few values to read when it does not.
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np


def maps():
    i, j = np.meshgrid(np.arange(224), np.arange(224), indexing="ij")
    ramp = ((i * 7919 + j * 104729 + 13) % 10007) / 10007.0 - 0.3
    return {
        "float64": ramp,
        "float32": ramp.astype(np.float32),
        "float32_constant": np.full((224, 224), 0.25, dtype=np.float32),
        "float32_leading_axis": ramp.astype(np.float32)[None, :, :] * np.float32(3.5),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    sys.path.insert(0, os.path.abspath(a.official))
    import utils_lvs  # noqa: E402  (official code)

    out = {}
    for name, heatmap in maps().items():
        heatmap_now = utils_lvs.normalize_img(-heatmap)
        pred = 1 - heatmap_now
        pred = pred.reshape(224, 224)
        out[name] = {
            "dtype": str(pred.dtype),
            "sha256": hashlib.sha256(np.ascontiguousarray(pred).tobytes()).hexdigest(),
            "samples": {f"{r},{c}": float(pred[r, c]) for r, c in [(0, 0), (100, 57), (223, 223), (5, 200)]},
        }
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
