"""Golden fixtures for the training augmentations, from torchvision and Pillow as the authors' loader calls them.

ssl_kccv Alignment/datasets/dataloader_vggss.py builds the augmented image view from torchvision transforms on
PIL pictures: functional.rotate(img, 90 k), ColorJitter(brightness=(0, 0.4), contrast=(0, 0.4),
saturation=(0, 0.4), hue=(0, 0.1)), GaussianBlur(3, sigma=(0.1, 2.0)), Resize(int(1.1 S), BICUBIC), RandomCrop,
flips, RandomAffine(degrees=0, translate=(0.2, 0.2)) and RandomGrayscale(p=0.2). The random draws are the
loader's own business; this script fixes each operation's parameters and writes what torchvision's functional
op (the one each transform calls) makes of a small picture, so every deterministic step is checked bit for bit.

Regenerate (from the repo root; Debian's python3-torchvision and python3-pil):
    /usr/bin/python3 tools/golden/augmentation_fixtures.py --out tests/SoundSight.Tests/Fixtures/Augmentation

Writes picture.png (48 x 36 RGB), one <op>.npy (uint8, H x W x 3; resizes at their own size) per operation, and ops.json (name -> params).
"""
import argparse
import json
import os

import numpy as np
import torchvision
import torchvision.transforms.functional as F
from PIL import Image
from torchvision.transforms import InterpolationMode


def picture(rng, h, w):
    # Smooth colour fields plus noise and a few saturated and grey patches: every hue sextant, ties of max/min.
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([np.sin(x / (3 + 2 * k) + y / (5 + k) + k) for k in range(3)], -1)
    img = np.clip(127 + 120 * base + 25 * rng.standard_normal((h, w, 3)), 0, 255).astype(np.uint8)
    img[0:4, 0:4] = [255, 0, 0]
    img[0:4, 4:8] = [0, 255, 0]
    img[0:4, 8:12] = [0, 0, 255]
    img[4:8, 0:4] = [128, 128, 128]
    img[4:8, 4:8] = [200, 200, 10]
    img[4:8, 8:12] = [0, 0, 0]
    return img


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(246)
    img = Image.fromarray(picture(rng, 36, 48))
    img.save(os.path.join(a.out, "picture.png"))

    ops = {
        "rotate90": ({"quarter_turns": 1}, lambda im: F.rotate(im, 90)),
        "rotate180": ({"quarter_turns": 2}, lambda im: F.rotate(im, 180)),
        "rotate270": ({"quarter_turns": 3}, lambda im: F.rotate(im, 270)),
        "brightness": ({"factor": 0.3127}, lambda im: F.adjust_brightness(im, 0.3127)),
        "contrast": ({"factor": 0.2481}, lambda im: F.adjust_contrast(im, 0.2481)),
        "saturation": ({"factor": 0.3519}, lambda im: F.adjust_saturation(im, 0.3519)),
        "hue_small": ({"factor": 0.0213}, lambda im: F.adjust_hue(im, 0.0213)),
        "hue_large": ({"factor": 0.0987}, lambda im: F.adjust_hue(im, 0.0987)),
        "blur_small": ({"sigma": 0.4372}, lambda im: F.gaussian_blur(im, [3, 3], [0.4372, 0.4372])),
        "blur_large": ({"sigma": 1.8813}, lambda im: F.gaussian_blur(im, [3, 3], [1.8813, 1.8813])),
        "grayscale": ({}, lambda im: F.rgb_to_grayscale(im, num_output_channels=3)),
        "translate": ({"tx": 7, "ty": -4}, lambda im: F.affine(im, angle=0.0, translate=[7, -4], scale=1.0, shear=[0.0, 0.0],
                                                                interpolation=InterpolationMode.NEAREST, fill=None)),
        "translate_back": ({"tx": -9, "ty": 5}, lambda im: F.affine(im, angle=0.0, translate=[-9, 5], scale=1.0, shear=[0.0, 0.0],
                                                                     interpolation=InterpolationMode.NEAREST, fill=None)),
        # torchvision Resize on a PIL picture is Pillow's bicubic resample (train view, before the crop).
        "resize_down": ({"width": 34, "height": 25}, lambda im: F.resize(im, [25, 34], InterpolationMode.BICUBIC)),
        "resize_up": ({"width": 67, "height": 50}, lambda im: F.resize(im, [50, 67], InterpolationMode.BICUBIC)),
        "resize_width_only": ({"width": 30, "height": 36}, lambda im: F.resize(im, [36, 30], InterpolationMode.BICUBIC)),
        "hflip": ({}, F.hflip),
        "vflip": ({}, F.vflip),
    }
    params = {}
    for name, (param, op) in ops.items():
        out = np.asarray(op(img).convert("RGB"), dtype=np.uint8)
        np.save(os.path.join(a.out, f"{name}.npy"), out)
        params[name] = param
    with open(os.path.join(a.out, "ops.json"), "w") as f:
        json.dump({"torchvision": torchvision.__version__, "pillow": Image.__version__, "ops": params}, f, indent=1)
    print(f"wrote {len(ops)} operations to {a.out}")


if __name__ == "__main__":
    main()
