#!/usr/bin/python3
"""Reads a composed IS3-style test set with the authors' own loader, unchanged, and checks what it sees.

  /usr/bin/python3 tools/assets/check_is3_official.py --official /path/to/SSLalignment --root OUT/test

The authors' datasets_lvs.GetAudioVideoDataset (testset 'is3', as test.py builds it) opens
metadata/synthetic3240_bbox.json in the working folder and the images and sounds in the folders its first entry
names; so this script runs it from --root. For every entry it checks that the loader finds the picture and the
sound, that its ground-truth map (bbox2gtmap of gt_box) covers the object's mask (resized to 224 x 224 by
nearest neighbour) and that test.py's IIoU grouping key (the name minus its last '_' token) puts the entries of
one picture together. Exit status 0 when all hold.
"""
import argparse
import collections
import json
import os
import sys

import numpy as np
from PIL import Image


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--official", required=True, help="checkout of the authors' SSLalignment")
    parser.add_argument("--root", required=True, help="composed IS3-style set (OUT/test)")
    args = parser.parse_args()
    sys.path.insert(0, os.path.abspath(args.official))
    root = os.path.abspath(args.root)
    os.chdir(root)
    try:
        import pandas  # noqa: F401
    except ImportError:  # datasets_lvs imports pandas but never uses it; Debian's python3-pandas is optional here
        import types
        sys.modules["pandas"] = types.ModuleType("pandas")
    import datasets_lvs  # the authors' loader, imported as it is

    options = argparse.Namespace(testset="is3", image_size=224, test_gt_path="")
    dataset = datasets_lvs.GetAudioVideoDataset(options, mode="test")
    segs = {os.path.basename(e["image"]): e["gt_box"] for e in json.load(open("metadata/synthetic3240_seg.json"))}
    groups = collections.defaultdict(list)
    problems = 0
    for i in range(len(dataset)):
        frame, spectrogram, boxes, name = dataset[i]
        assert tuple(frame.shape) == (3, 224, 224), frame.shape
        gt_map = boxes["gt_map"]
        mask = np.asarray(Image.open(segs[name]).convert("L").resize((224, 224), Image.NEAREST)) > 127
        outside = int((mask & (gt_map == 0)).sum())
        if outside > 0 or mask.sum() == 0:
            problems += 1
            print(f"{name}: {outside} mask pixels outside the box, {int(mask.sum())} in all")
        groups["_".join(name.replace(".jpg", "").split("_")[:-1])].append(name)
    sizes = collections.Counter(len(v) for v in groups.values())
    print(f"official loader read {len(dataset)} entries in {len(groups)} pictures (entries per picture: {dict(sizes)}); "
          f"spectrogram {tuple(spectrogram.shape)}; {problems} entries with a problem")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
