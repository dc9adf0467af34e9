"""Golden fixtures for map upsampling and normalisation, from the exact calls of the official validate_lvs.

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/map_fixtures.py --out tests/SoundSight.Tests/Fixtures/Localization

validate_lvs (SSLalignment test.py) brings the 14 x 14 cosine map to 224 x 224 with
F.interpolate(bilinear, align_corners=True) for IS3/Flickr/AVSBench/VPO and with cv2.resize(INTER_LINEAR) for
VGG-SS, then takes pred = 1 - normalize_img(-map).
"""
import argparse
import os

import cv2
import numpy as np
import torch
import torch.nn.functional as F


def normalize_img(value):
    # utils_lvs.normalize_img, as called by validate_lvs.
    vmin = value.min()
    vmax = value.max()
    if not (vmax - vmin) == 0:
        value = (value - vmin) / (vmax - vmin)
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(20261124)
    maps = rng.uniform(-1, 1, size=(3, 14, 14)).astype(np.float32)
    maps[2] = 0.25  # a constant map: normalize_img leaves it unchanged
    np.save(os.path.join(args.out, "maps14.npy"), maps)

    heat = torch.from_numpy(maps).unsqueeze(1)
    aligned = F.interpolate(heat, size=(224, 224), mode="bilinear", align_corners=True).numpy()[:, 0]
    half = np.stack([cv2.resize(m, dsize=(224, 224), interpolation=cv2.INTER_LINEAR) for m in maps])
    np.save(os.path.join(args.out, "upsampled_align_corners.npy"), aligned.astype(np.float32))
    np.save(os.path.join(args.out, "upsampled_half_pixel.npy"), half.astype(np.float32))
    pred = np.stack([1 - normalize_img(-m) for m in aligned])
    np.save(os.path.join(args.out, "prediction_align_corners.npy"), pred.astype(np.float32))


if __name__ == "__main__":
    main()
