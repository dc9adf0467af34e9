"""Golden fixtures for HTF scored with object-guided localization (OGL), written by the authors' unchanged
validate_htf (SSLalignment test.py): its saved maps as pred = 1 - utils_lvs.normalize_img(-map), the object
saliency of test.py's network upsampled with cv2.resize and fused as utils.normalize_img(0.4 pred + 0.6 pred_obj),
and utils.Evaluator_iiou's cIoU, adaptive cIoU, AUC, IIoU and IAUC, plain and OGL.

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/htf_ogl_fixtures.py --official /work/ref/SSLalignment \
        --pictures tests/SoundSight.Tests/Fixtures/Imaging --sound tests/SoundSight.Tests/Fixtures/Audio/pcm16_10s.wav \
        --out tests/SoundSight.Tests/Fixtures/Htf

The real code path: datasets.get_test_dataset(testset 'is3') reads an IS3 layout made here in a temporary folder
(metadata/synthetic3240_bbox.json naming its pictures and sounds; the picture of each IS3 image is saved under both
of its entries' names, as IS3 does), a DataLoader batches it, and validate_htf runs on it unchanged. Its object
saliency network is test.py's (torchvision resnet18, avgpool Identity, fc = Unflatten + NormReducer + Unsqueeze)
with the formula weights of SoundSight.Models.DeterministicWeights (model_fixtures.apply_weights), which the C# test
saves as a torchvision-keyed checkpoint for `evaluate --ogl-torchvision`: no ImageNet weights are needed.

The HTF maps are not committed: each is a formula of its indices (htf_map below, IEEE-exact operations only) that
HtfOglGoldenTests rebuilds bit for bit; entries 0 and 1 are float32 maps, entry 2 a float64 map (numpy then fuses
in float64), entry 3 a constant float32 map (normalize_img leaves it as it is: pred = 1 + c).

Harness, not changes to the official code: validate_htf loads each map from a hard-coded folder
('/mnt/lynx2/users/arda/htf/localization_results/'), so numpy.load is wrapped to read that folder's names from the
temporary one; utils.Evaluator_iiou is wrapped so its instances, and the maps and thresholds its cal_CIOU receives,
can be read after the unchanged loop returns; .cuda() is a no-op (official_harness); the stand-ins of
method_fixtures.py for modules the scored code never calls.

Written: htf_ogl.json (entries, per-entry IoUs, thresholds, metrics, the native 7 x 7 saliency of each picture) and
htf_ogl_maps.npy ([4, 224, 224] float32: the fused OGL map each entry was scored on).
"""
import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import types

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
import method_fixtures  # noqa: E402
import official_harness  # noqa: E402

OFFICIAL_NPYDIR = "/mnt/lynx2/users/arda/htf/localization_results/"

# (picture file, IS3 entry name, gt box [x1, y1, x2, y2] in 224 x 224, map recipe). Two IS3 images, two sounds each.
ENTRIES = [
    ("rgb_100x150.jpg", "cat_drum_11_cat", [30, 40, 150, 170], ("blob", "float32", 90, 100, 1500.0, 7919, 104729, 13)),
    ("rgb_100x150.jpg", "cat_drum_11_drum", [120, 20, 220, 120], ("blob", "float32", 60, 170, 900.0, 3571, 7877, 101)),
    ("gray_120x90.jpg", "dog_piano_12_dog", [0, 100, 110, 224], ("blob", "float64", 170, 40, 2500.0, 6007, 1543, 7)),
    ("gray_120x90.jpg", "dog_piano_12_piano", [60, 60, 180, 200], ("constant", "float32", 0.25)),
]


def htf_map(recipe):
    """A 224 x 224 map of only correctly rounded float64 operations, so C# rebuilds it bit for bit: a peak at
    (row, col) of width^2 scale plus 0.05 of a pseudo-random ramp."""
    if recipe[0] == "constant":
        return np.full((224, 224), recipe[2], dtype=np.float32)
    _, dtype, row, col, scale, a, b, c = recipe
    i, j = np.meshgrid(np.arange(224, dtype=np.int64), np.arange(224, dtype=np.int64), indexing="ij")
    d2 = ((i - row) * (i - row) + (j - col) * (j - col)).astype(np.float64)
    ramp = ((i * a + j * b + c) % 10007) / 10007.0
    value = 1.0 / (1.0 + d2 / scale) + 0.05 * ramp
    return value.astype(np.float32) if dtype == "float32" else value


class Recorded:
    """Wraps utils.Evaluator_iiou: its instances, and every (map, threshold) its cal_CIOU and cal_CIOU_adap get."""

    def __init__(self, utils):
        self.instances = []
        cls = utils.Evaluator_iiou
        for name in ["__init__", "cal_CIOU", "cal_CIOU_adap"]:
            if not hasattr(cls, "_soundsight_" + name):
                setattr(cls, "_soundsight_" + name, getattr(cls, name))
        instances = self.instances

        def init(evaluator):
            cls._soundsight___init__(evaluator)
            evaluator.seen = []
            evaluator.seen_adap = []
            instances.append(evaluator)

        def cal(evaluator, infer, gtmap, thres=0.01):
            evaluator.seen.append((np.array(infer, copy=True), float(thres)))
            return cls._soundsight_cal_CIOU(evaluator, infer, gtmap, thres)

        def cal_adap(evaluator, infer, gtmap, thres=0.01):
            evaluator.seen_adap.append((np.array(infer, copy=True), float(thres)))
            return cls._soundsight_cal_CIOU_adap(evaluator, infer, gtmap, thres)

        cls.__init__ = init
        cls.cal_CIOU = cal
        cls.cal_CIOU_adap = cal_adap


@contextlib.contextmanager
def maps_from(folder):
    """numpy.load reads validate_htf's hard-coded folder from `folder`."""
    original = np.load

    def load(path, *args, **kwargs):
        if isinstance(path, str) and path.startswith(OFFICIAL_NPYDIR):
            path = os.path.join(folder, path[len(OFFICIAL_NPYDIR):].lstrip("/"))
        return original(path, *args, **kwargs)

    np.load = load
    try:
        yield
    finally:
        np.load = original


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--pictures", required=True, help="folder of the pictures named in ENTRIES (Fixtures/Imaging)")
    p.add_argument("--sound", required=True, help="a WAV every entry gets (HTF has no audio model; the loader reads it)")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    torch.set_num_threads(2)
    resnet18 = method_fixtures.install_stand_ins()
    official_harness.add_official_to_path(a.official)
    pictures = os.path.abspath(a.pictures)
    sound = os.path.abspath(a.sound)
    out = os.path.abspath(a.out)
    cwd = os.getcwd()
    work = tempfile.mkdtemp(prefix="soundsight-htf-ogl-")
    try:
        os.chdir(a.official)
        try:
            import datasets  # noqa: E402  (official code)
            import test  # noqa: E402
            import utils  # noqa: E402
        finally:
            os.chdir(cwd)

        # The IS3 layout get_test_dataset reads: ./metadata/synthetic3240_bbox.json with absolute picture and sound paths.
        for folder in ["metadata", "visual_frames", "audio_wav", "htf"]:
            os.makedirs(os.path.join(work, folder))
        annotations = []
        for picture, name, box, recipe in ENTRIES:
            image = os.path.join(work, "visual_frames", name + ".jpg")
            audio = os.path.join(work, "audio_wav", name + ".wav")
            shutil.copyfile(os.path.join(pictures, picture), image)
            shutil.copyfile(sound, audio)
            np.save(os.path.join(work, "htf", name + ".npy"), htf_map(recipe))
            annotations.append({"image": image, "audio": audio, "gt_box": box})
        with open(os.path.join(work, "metadata", "synthetic3240_bbox.json"), "w") as f:
            json.dump(annotations, f)

        os.chdir(work)
        args = types.SimpleNamespace(testset="is3", test_gt_path="", batch_size=4, workers=0, visualize=False, gpu=None)
        dataset = datasets.get_test_dataset(args)
        loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch_size, shuffle=False, num_workers=0)
        saliency = method_fixtures.saliency_network(test, resnet18)
        recorded = Recorded(utils)
        with maps_from(os.path.join(work, "htf")), contextlib.redirect_stdout(io.StringIO()):
            test.validate_htf(loader, saliency, "", args)
        # Built in this order by validate_htf: evaluator, evaluator_ogl, evaluator_adap (never used).
        plain, ogl = recorded.instances[0], recorded.instances[1]
        with torch.no_grad():
            frames = torch.stack([dataset[i][0] for i in range(len(dataset))])
            native = saliency(frames)[:, 0].numpy()
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)

    fused = np.stack([m for m, _ in ogl.seen]).astype(np.float32)
    fixtures = {
        "entries": [
            {"picture": picture, "name": name, "box": box, "map": list(recipe)} for picture, name, box, recipe in ENTRIES
        ],
        "thresholds": [t for _, t in plain.seen],
        "thresholds_adaptive": [t for _, t in plain.seen_adap],
        "ogl_thresholds": [t for _, t in ogl.seen],
        "ogl_thresholds_adaptive": [t for _, t in ogl.seen_adap],
        "fused_dtypes": [str(m.dtype) for m, _ in ogl.seen],
        "saliency_native": [[float(v) for v in m.ravel()] for m in native],
        "metrics": method_fixtures.metrics(plain),
        "ogl": method_fixtures.metrics(ogl),
    }
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "htf_ogl_maps.npy"), fused)
    with open(os.path.join(out, "htf_ogl.json"), "w") as f:
        json.dump(fixtures, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
