"""Golden fixtures for the whole localize path (files in, maps out) with the formula weights of
SoundSight.Models.DeterministicWeights, computed by the official code: test loader, AVENet, and validate_lvs's
upsampling and normalisation in both conventions.

Regenerate (from the repo root, after image_fixtures.py and audio_fixtures.py):
    /usr/bin/python3 tools/golden/localize_fixtures.py --official /path/to/SSLalignment \
        --out tests/SoundSight.Tests/Fixtures/Localize
"""
import argparse
import json
import os
import sys
import types

import cv2
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
import official_harness  # noqa: E402
from model_fixtures import apply_weights  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "SoundSight.Tests", "Fixtures")
PAIRS = [("Imaging/rgb_100x150.jpg", "Audio/pcm16_10s.wav"), ("Imaging/rgba_300x200.png", "Audio/short_1p3s.wav")]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.set_num_threads(2)
    official_harness.add_official_to_path(a.official)
    import model_lvs  # noqa: E402
    import utils_lvs  # noqa: E402

    args = types.SimpleNamespace(epsilon=0.65, epsilon2=0.4, tri_map=True, Neg=True)
    model = model_lvs.AVENet(args)
    apply_weights(model)
    model.eval()
    pairs = [(os.path.join(FIXTURES, i), os.path.join(FIXTURES, s)) for i, s in PAIRS]
    items = official_harness.official_test_items(a.official, pairs)
    for n, (frame, spec, _) in enumerate(items):
        with torch.no_grad():
            heat, _, _, _ = model(torch.from_numpy(frame)[None].float(), torch.from_numpy(spec)[None].float(), args)
        raw = heat[0, 0].numpy()
        aligned = 1 - utils_lvs.normalize_img(-F.interpolate(heat, size=(224, 224), mode="bilinear", align_corners=True)[0, 0].numpy())
        half = 1 - utils_lvs.normalize_img(-cv2.resize(raw, dsize=(224, 224), interpolation=cv2.INTER_LINEAR))
        np.save(os.path.join(a.out, f"pair{n}.raw.npy"), raw)
        np.save(os.path.join(a.out, f"pair{n}.align_corners.npy"), aligned.astype(np.float32))
        np.save(os.path.join(a.out, f"pair{n}.half_pixel.npy"), half.astype(np.float32))
    with open(os.path.join(a.out, "pairs.json"), "w") as f:
        json.dump(PAIRS, f)


if __name__ == "__main__":
    main()
