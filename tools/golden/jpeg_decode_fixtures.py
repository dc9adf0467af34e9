"""Golden fixtures for JPEG decoding: small JPEGs in the encodings datasets hold, and PIL's decoded RGB of each.

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/jpeg_decode_fixtures.py --out tests/SoundSight.Tests/Fixtures/Imaging/Jpeg

The official loader opens pictures with PIL and calls convert('RGB'); SoundSight decodes colour JPEGs with
libjpeg-turbo's SIMD build and everything else with SkiaSharp, and both must give these bytes. Variants: chroma
subsampling 4:4:4 / 4:2:2 / 4:2:0, qualities 30 to 100, progressive and optimised Huffman tables, odd sizes (partial
MCUs at the right and bottom edges), and EXIF orientations (with PIL's exif_transpose for the upright picture).
"""
import argparse
import os

import numpy as np
from PIL import Image, ImageOps


def photo_like(rng, h, w):
    # Smooth gradients, edges and noise: every DCT band and the chroma upsampler get work.
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([np.sin(x / (5 + 4 * k) + y / (9 + 2 * k)) + 0.5 * np.sign(np.sin(x / 13 - y / 17 + k)) for k in range(3)], -1)
    return np.clip(127 + 80 * base + 25 * rng.standard_normal((h, w, 3)), 0, 255).astype(np.uint8)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(2026)
    variants = {
        "s444_q95_61x37.jpg": ((37, 61), {"quality": 95, "subsampling": 0}),
        "s422_q75_64x48.jpg": ((48, 64), {"quality": 75, "subsampling": 1}),
        "s420_q30_33x17.jpg": ((17, 33), {"quality": 30, "subsampling": 2}),
        "s420_q100_96x72.jpg": ((72, 96), {"quality": 100, "subsampling": 2}),
        "progressive_s420_q85_81x59.jpg": ((59, 81), {"quality": 85, "progressive": True}),
        "optimized_s444_q80_40x100.jpg": ((100, 40), {"quality": 80, "subsampling": 0, "optimize": True}),
        "photo_s420_q90_320x240.jpg": ((240, 320), {"quality": 90}),
    }
    for name, ((h, w), kwargs) in variants.items():
        path = os.path.join(a.out, name)
        Image.fromarray(photo_like(rng, h, w)).save(path, **kwargs)
        np.save(os.path.join(a.out, f"{name}.pil_rgb.npy"), np.array(Image.open(path).convert("RGB")))
    for orientation in (3, 6, 8):
        name = f"exif{orientation}_s420_q90_50x30.jpg"
        path = os.path.join(a.out, name)
        exif = Image.Exif()
        exif[0x0112] = orientation
        Image.fromarray(photo_like(rng, 30, 50)).save(path, quality=90, exif=exif.tobytes())
        image = Image.open(path)
        np.save(os.path.join(a.out, f"{name}.pil_rgb.npy"), np.array(image.convert("RGB")))
        np.save(os.path.join(a.out, f"{name}.upright.npy"), np.array(ImageOps.exif_transpose(image).convert("RGB")))


if __name__ == "__main__":
    main()
