"""Golden fixtures for the object saliency of the official OGL evaluation (SSLalignment test.py).

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/saliency_fixtures.py --official /path/to/SSLalignment \
        --out tests/SoundSight.Tests/Fixtures/ImageNet

test.py's object_saliency_model is torchvision's resnet18 with avgpool = Identity and fc = Unflatten(1, (512, 7, 7)),
NormReducer(dim=1), Unsqueeze(1): the 7 x 7 last feature map reduced to mean |x| over channels. validate_lvs then
brings it to 224 x 224 (F.interpolate bilinear align_corners=True, or cv2.resize INTER_LINEAR for VGG-SS) and
takes pred_obj = 1 - normalize_img(-map). This script applies the official NormReducer, Unsqueeze and normalize_img (compiled
from the official sources, which cannot be imported as a whole here) to a random ReLU
feature map, through a torchvision resnet18 fc exactly as test.py builds it.
"""
import argparse
import ast
import os

import cv2
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def official_definitions(path, names):
    """Top-level definitions of an official file, compiled from its source (not copied): the files themselves
    import CUDA-only and scikit-learn code at module level."""
    tree = ast.parse(open(path).read())
    wanted = [n for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef)) and n.name in names]
    namespace = {"nn": nn, "torch": torch, "np": np}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), path, "exec"), namespace)
    return [namespace[n] for n in names]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--official", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    (normalize_img,) = official_definitions(os.path.join(args.official, "utils_lvs.py"), ["normalize_img"])
    NormReducer, Unsqueeze = official_definitions(os.path.join(args.official, "test.py"), ["NormReducer", "Unsqueeze"])
    head = nn.Sequential(nn.Unflatten(1, (512, 7, 7)), NormReducer(dim=1), Unsqueeze(1))
    torch.manual_seed(3)
    features = torch.relu(torch.randn(1, 512, 7, 7) * 2 + 0.3)
    # avgpool = Identity, then torchvision's forward flattens before fc.
    native = head(torch.flatten(features, 1))
    align = F.interpolate(native, size=(224, 224), mode="bilinear", align_corners=True).numpy()[0, 0]
    half = cv2.resize(native.numpy()[0, 0], dsize=(224, 224), interpolation=cv2.INTER_LINEAR)
    os.makedirs(args.out, exist_ok=True)
    np.save(os.path.join(args.out, "saliency_features.npy"), features.numpy()[0].astype(np.float32))
    np.save(os.path.join(args.out, "saliency_native.npy"), native.numpy()[0, 0].astype(np.float32))
    np.save(os.path.join(args.out, "saliency_align_corners.npy"), (1 - normalize_img(-align)).astype(np.float32))
    np.save(os.path.join(args.out, "saliency_half_pixel.npy"), (1 - normalize_img(-half)).astype(np.float32))


if __name__ == "__main__":
    main()
