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

With --kccv it also writes draws.json and draws_<case>_{plain,augmented}.npy: the authors' loader itself
(GetAudioVideoDataset._load_frame(aug=True) then aug_img_transform, and img_transform for the plain view, at a
small image size) run with every random source it touches replaced by one scripted stream of 64-bit values, read in
the order the loader asks for them. Each primitive draw takes one value v, as SoundSight.Runtime.SeededRandom
does: randint(n) / torch.randint(0, n) = v mod n; rand() and uniform_(a, b) = a + (b - a) (v >> 11) / 2^53;
randperm(n) = Fisher-Yates from the top (n - 1 values). A draw from an empty interval (RandomAffine's
degrees=(0, 0)) is a constant and takes no value. The C# test replays the same stream: the same pictures come
out only if it draws the same things in the same order.
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
    p.add_argument("--kccv", help="ssl_kccv/Alignment folder: also write the scripted-draw fixtures of its loader")
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
    if a.kccv:
        draws_fixture(a.kccv, a.out, os.path.join(a.out, "picture.png"))


class Script:
    """One scripted stream of 64-bit values standing in for every random source of the loader."""

    def __init__(self, values):
        self.values = list(values)
        self.used = 0
        self.trace = []

    def take(self, what):
        if self.used >= len(self.values):
            raise SystemExit("scripted stream exhausted")
        v = self.values[self.used]
        self.used += 1
        self.trace.append(what)
        return v

    def unit(self, what):
        return (self.take(what) >> 11) * (1.0 / (1 << 53))

    def install(self):
        import torch
        script = self
        saved = (np.random.randint, torch.randperm, torch.Tensor.uniform_, torch.rand, torch.randint)

        def randint_np(n, *a, **k):
            assert not a and not k, "only randint(n) is used by the loader"
            return int(script.take(f"int {n}") % n)

        def randperm(n, *a, **k):
            p = list(range(n))
            for i in range(n - 1, 0, -1):
                j = int(script.take(f"int {i + 1}") % (i + 1))
                p[i], p[j] = p[j], p[i]
            return torch.tensor(p)

        def uniform_(self_, a=0.0, b=1.0):
            if a == b:
                return self_.fill_(a)
            return self_.fill_(a + (b - a) * script.unit(f"uniform {a:g} {b:g}"))

        def rand(*size, **k):
            return torch.tensor([script.unit("unit")], dtype=torch.float64)

        def randint_torch(low, high=None, size=None, **k):
            if high is None:
                low, high = 0, low
            return torch.tensor([low + int(script.take(f"int {high - low}") % (high - low))])

        np.random.randint, torch.randperm, torch.Tensor.uniform_, torch.rand, torch.randint = randint_np, randperm, uniform_, rand, randint_torch

        def restore():
            np.random.randint, torch.randperm, torch.Tensor.uniform_, torch.rand, torch.randint = saved
        return restore


def draws_fixture(kccv, out, picture_path):
    """The authors' training views of one picture under scripted draws (see the module docstring)."""
    import sys
    import types
    sys.path.insert(0, os.path.join(os.path.abspath(kccv), "datasets"))
    import dataloader_vggss  # noqa: E402  (official loader)
    size = 32
    loader = dataloader_vggss.GetAudioVideoDataset.__new__(dataloader_vggss.GetAudioVideoDataset)
    loader.imgSize = size
    loader.mode = "train"
    loader._init_transform()
    rng = np.random.default_rng(1357)
    cases = []
    seen = set()
    for attempt in range(400):
        values = [int(v) for v in rng.integers(0, 2**64, size=40, dtype=np.uint64)]
        script = Script(values)
        restore = script.install()
        try:
            plain = loader.img_transform(loader._load_frame(picture_path)).float().numpy()
            plain_used = script.used
            augmented = loader.aug_img_transform(loader._load_frame(picture_path, aug=True)).float().numpy()
        finally:
            restore()
        # Keep cases that differ in which optional draws happened (jitter and blur, or not).
        key = tuple(script.trace)
        if key in seen:
            continue
        seen.add(key)
        name = f"case{len(cases)}"
        np.save(os.path.join(out, f"draws_{name}_plain.npy"), plain)
        np.save(os.path.join(out, f"draws_{name}_augmented.npy"), augmented)
        cases.append({"name": name, "values": [str(v) for v in values], "plain_draws": plain_used,
                      "draws": script.used, "trace": script.trace})
        if len(cases) == 6:
            break
    with open(os.path.join(out, "draws.json"), "w") as f:
        json.dump({"size": size, "picture": os.path.basename(picture_path), "cases": cases}, f, indent=1)
    print(f"wrote {len(cases)} scripted draw cases: " + ", ".join(str(c["draws"]) + " draws" for c in cases))


if __name__ == "__main__":
    main()
