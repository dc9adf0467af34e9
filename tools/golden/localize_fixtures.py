"""Golden fixtures for the whole localize path (files in, maps out) with the formula weights of
SoundSight.Models.DeterministicWeights, computed by the official code: test loader, AVENet, and validate_lvs's
upsampling and normalisation in both conventions.

Regenerate (from the repo root, after image_fixtures.py and audio_fixtures.py):
    /usr/bin/python3 tools/golden/localize_fixtures.py --official /path/to/SSLalignment \
        --out tests/SoundSight.Tests/Fixtures/Localize --parity-out tests/SoundSight.Tests/Fixtures/Parity

--parity-out writes the end-to-end parity set: the official AVENet with the formula weights of seed PARITY_SEED
(BatchNorm statistics included), saved by torch.save in the authors' container ({'epoch', 'model_state_dict'});
checkpoint.json records every tensor's name, shape and SHA-256 (the checkpoint itself, 90 MB, is not committed:
the C# test rebuilds it from the seed, checks it against these digests and loads it as a user would). Then 5
pictures x 5 sounds of different sizes and formats through the official test loader and AVENet: raw.npy holds the
25 raw 14 x 14 maps (picture-major), and align_corners.npy / half_pixel.npy the evaluation maps validate_lvs makes
of the 5 pairs (picture i, sound i).
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
PARITY_SEED = 20261204
PARITY_PICTURES = ["Imaging/rgb_100x150.jpg", "Imaging/rgba_300x200.png", "Imaging/gray_120x90.jpg", "Imaging/tall_500x90.jpg", "Imaging/rgb_224x224.png"]
PARITY_SOUNDS = ["Audio/pcm16_10s.wav", "Audio/float32_stereo.wav", "Audio/short_1p3s.wav", "Audio/pcm24.wav", "Audio/silent.wav"]


def evaluation_maps(heat, utils_lvs):
    raw = heat[0, 0].numpy()
    aligned = 1 - utils_lvs.normalize_img(-F.interpolate(heat, size=(224, 224), mode="bilinear", align_corners=True)[0, 0].numpy())
    half = 1 - utils_lvs.normalize_img(-cv2.resize(raw, dsize=(224, 224), interpolation=cv2.INTER_LINEAR))
    return raw, aligned.astype(np.float32), half.astype(np.float32)


def parity_fixtures(official, out, model_lvs, utils_lvs, args):
    import hashlib
    import tempfile
    os.makedirs(out, exist_ok=True)
    model = model_lvs.AVENet(args)
    apply_weights(model, PARITY_SEED)
    model.eval()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "official.pth.tar")
        torch.save({"epoch": 0, "model_state_dict": model.state_dict()}, path)
        state = torch.load(path, map_location="cpu")["model_state_dict"]  # what the file holds, read back
    tensors = [{"name": k, "dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape),
                "sha256": hashlib.sha256(v.contiguous().numpy().tobytes()).hexdigest()} for k, v in state.items()]
    pairs = [(os.path.join(FIXTURES, i), os.path.join(FIXTURES, s)) for i in PARITY_PICTURES for s in PARITY_SOUNDS]
    items = official_harness.official_test_items(official, pairs)
    raws, aligned, half = [], [], []
    for n, (frame, spec, _) in enumerate(items):
        with torch.no_grad():
            heat, _, _, _ = model(torch.from_numpy(frame)[None].float(), torch.from_numpy(spec)[None].float(), args)
        raw, a, h = evaluation_maps(heat, utils_lvs)
        raws.append(raw)
        if n // len(PARITY_SOUNDS) == n % len(PARITY_SOUNDS):
            aligned.append(a)
            half.append(h)
    np.save(os.path.join(out, "raw.npy"), np.stack(raws).astype(np.float32))
    np.save(os.path.join(out, "align_corners.npy"), np.stack(aligned))
    np.save(os.path.join(out, "half_pixel.npy"), np.stack(half))
    with open(os.path.join(out, "checkpoint.json"), "w") as f:
        json.dump({"seed": PARITY_SEED, "container": {"epoch": 0, "model_state_dict": "state_dict"}, "torch": torch.__version__,
                   "pictures": PARITY_PICTURES, "sounds": PARITY_SOUNDS, "tensors": tensors}, f, indent=0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--parity-out", help="also write the end-to-end parity set (see the module docstring) here")
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
    if a.parity_out:
        parity_fixtures(a.official, a.parity_out, model_lvs, utils_lvs, args)


if __name__ == "__main__":
    main()
