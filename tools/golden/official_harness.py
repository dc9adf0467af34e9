"""Runs the authors' official code (github.com/kaistmm/SSLalignment) on our own small inputs.

Used only by the fixture generators in tools/golden/. CI never runs Python. The official code is imported from a
checkout given with --official (never copied into this repository). Needs Debian's python3-torch,
python3-torchvision, python3-scipy, python3-soundfile, python3-opencv, python3-pandas, python3-pil.

The official test loader (datasets_lvs.GetAudioVideoDataset) reads an IS3-style json from ./metadata relative to
the working directory and takes every image from one folder and every sound from another; this harness lays out
exactly that in a temporary folder and calls the unchanged __getitem__, so fixtures come from the real code path.
"""
import json
import os
import shutil
import sys
import tempfile
import types

import torch


def add_official_to_path(official_dir):
    official_dir = os.path.abspath(official_dir)
    if not os.path.exists(os.path.join(official_dir, "datasets_lvs.py")):
        sys.exit(f"{official_dir}: not a checkout of kaistmm/SSLalignment (datasets_lvs.py missing)")
    if official_dir not in sys.path:
        sys.path.insert(0, official_dir)
    # The official code calls .cuda() unconditionally; on a CPU-only machine that must be a no-op.
    torch.Tensor.cuda = lambda self, *args, **kwargs: self
    torch.nn.Module.cuda = lambda self, *args, **kwargs: self
    return official_dir


def official_dataset(official_dir, pairs, testset="is3", boxes=None, make=None):
    """Builds the official test dataset over (image, wav) pairs; returns (dataset, cleanup).

    The official loaders read ./metadata/synthetic3240_bbox.json and resolve every image in one folder and
    every sound in another; this lays out exactly that in a temporary folder. make(args) builds the dataset from
    args (image_size, testset, test_gt_path) in that folder; the default is datasets_lvs.GetAudioVideoDataset
    (the authors' AVENet), another method's is e.g. datasets.get_test_dataset. Call cleanup() when done.
    """
    add_official_to_path(official_dir)
    if make is None:
        import datasets_lvs  # noqa: E402  (official code)

        def make(args):
            return datasets_lvs.GetAudioVideoDataset(args, mode="test")

    work = tempfile.mkdtemp(prefix="soundsight-golden-")
    cwd = os.getcwd()

    def cleanup():
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)

    try:
        os.makedirs(os.path.join(work, "metadata"))
        os.makedirs(os.path.join(work, "images"))
        os.makedirs(os.path.join(work, "audio"))
        entries = []
        for i, (image, audio) in enumerate(pairs):
            image_dst = os.path.join(work, "images", f"{i:04d}_{os.path.basename(image)}")
            audio_dst = os.path.join(work, "audio", f"{i:04d}_{os.path.basename(audio)}")
            shutil.copyfile(image, image_dst)
            shutil.copyfile(audio, audio_dst)
            box = boxes[i] if boxes is not None else [0, 0, 112, 112]
            entries.append({"image": image_dst, "audio": audio_dst, "gt_box": box})
        with open(os.path.join(work, "metadata", "synthetic3240_bbox.json"), "w") as f:
            json.dump(entries, f)
        os.chdir(work)
        args = types.SimpleNamespace(image_size=224, testset=testset, test_gt_path="")
        return make(args), cleanup
    except BaseException:
        cleanup()
        raise


def official_test_items(official_dir, pairs, testset="is3", boxes=None):
    """Returns [(frame[3,224,224] float32, spectrogram[1,257,299] float64, gt_map[224,224])] for (image, wav) pairs.

    pairs: list of (image_path, audio_path); testset 'is3' = 10-s clip, window [3.5, 6.5).
    """
    dataset, cleanup = official_dataset(official_dir, pairs, testset, boxes)
    try:
        items = []
        for i in range(len(dataset)):
            frame, spectrogram, bboxes, _ = dataset[i]
            items.append((frame.numpy(), spectrogram.numpy(), bboxes["gt_map"]))
        return items
    finally:
        cleanup()
