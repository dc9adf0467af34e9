"""Golden fixtures for the image front end, from the official test loader (SSLalignment datasets_lvs.py).

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/image_fixtures.py --official /path/to/SSLalignment \
        --out tests/SoundSight.Tests/Fixtures/Imaging

Writes small seeded pictures in several formats, PIL's decoded RGB (convert('RGB'), as the official loader) and
the official 3 x 224 x 224 model input of each.
"""
import argparse
import os
import sys

import numpy as np
import soundfile as sf
from PIL import Image

sys.path.insert(0, os.path.dirname(__file__))
import official_harness  # noqa: E402


def smooth(rng, h, w, c):
    # Low-frequency content plus a little noise: like photos, and it exercises the bicubic kernel.
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([np.sin(x / (7 + 3 * k) + y / (11 + k)) for k in range(c)], -1)
    return np.clip(127 + 100 * base + 20 * rng.standard_normal((h, w, c)), 0, 255).astype(np.uint8)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(224)
    images = {
        "rgb_100x150.jpg": (Image.fromarray(smooth(rng, 100, 150, 3)), {"quality": 90}),
        "rgba_300x200.png": (Image.fromarray(np.concatenate([smooth(rng, 200, 300, 3), rng.integers(0, 256, (200, 300, 1), dtype=np.uint8)], -1), "RGBA"), {}),
        "gray_120x90.jpg": (Image.fromarray(smooth(rng, 90, 120, 1)[:, :, 0], "L"), {"quality": 85}),
        "rgb_224x224.png": (Image.fromarray(smooth(rng, 224, 224, 3)), {}),
        "tall_500x90.jpg": (Image.fromarray(smooth(rng, 500, 90, 3)), {"quality": 95}),
        "cmyk_80x60.jpg": (Image.fromarray(smooth(rng, 60, 80, 4), "CMYK"), {"quality": 95}),
    }
    wav = os.path.join(a.out, "_dummy.wav")
    sf.write(wav, np.zeros(1600), 16000, subtype="PCM_16")
    pairs = []
    for name, (img, kwargs) in images.items():
        path = os.path.join(a.out, name)
        img.save(path, **kwargs)
        pairs.append((path, wav))
        rgb = np.array(Image.open(path).convert("RGB"))
        np.save(os.path.join(a.out, f"{name}.pil_rgb.npy"), rgb)
    items = official_harness.official_test_items(a.official, pairs)
    for (path, _), (frame, _, _) in zip(pairs, items):
        np.save(os.path.join(a.out, f"{os.path.basename(path)}.official.npy"), frame.astype(np.float32))
    os.remove(wav)


if __name__ == "__main__":
    main()
