"""Golden fixture for SoundSight.Evaluation.BenchmarkPresets: what the authors' test path does for each --testset,
read off the official code itself rather than restated by hand.

For every benchmark name of test.py (--testset), this script
- builds datasets_lvs.GetAudioVideoDataset on a one-entry layout and reads the audio clip length and window it
  cuts (audio_length, st, fi);
- runs test.py::validate_lvs, unchanged, on one batch with a stub model whose 14 x 14 map is known, records the
  224 x 224 map validate_lvs hands to utils_lvs.normalize_img, and names the upsampling that produced it
  (F.interpolate bilinear align_corners=True, or cv2.resize INTER_LINEAR = half-pixel);
- calls datasets_lvs.bbox2gtmap on two overlapping boxes and names the ground-truth rule (union: every pixel in
  a box is 1; consensus: sum / 2 clipped to 1).

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/preset_fixtures.py --official /path/to/SSLalignment \
        --out tests/SoundSight.Tests/Fixtures/Presets
"""
import argparse
import json
import os
import sys
import tempfile
import types

import cv2
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
import official_harness  # noqa: E402

TESTSETS = ["is3", "vggss", "flickr", "s4", "ms3", "vposs", "vpoms"]


def stub_modules():
    """test.py imports plotting and progress modules validate_lvs uses only for pictures; stand-ins keep it importable."""
    plt = types.ModuleType("matplotlib.pyplot")
    plt.close = lambda *a, **k: None
    mpl = types.ModuleType("matplotlib")
    mpl.pyplot = plt
    sys.modules["matplotlib"] = mpl
    sys.modules["matplotlib.pyplot"] = plt
    tq = types.ModuleType("tqdm")
    tq.tqdm = lambda it, *a, **k: it
    sys.modules["tqdm"] = tq
    sys.modules.setdefault("easydict", types.ModuleType("easydict"))
    try:
        import sklearn.metrics  # noqa: F401
    except ImportError:
        sk = types.ModuleType("sklearn")
        metrics = types.ModuleType("sklearn.metrics")
        metrics.auc = lambda x, y: float(np.trapz(y, x))
        sk.metrics = metrics
        sys.modules["sklearn"] = sk
        sys.modules["sklearn.metrics"] = metrics


def import_test():
    """Imports the official test.py; a module it imports for other methods only (ipdb, ...) gets an empty stand-in."""
    import importlib
    for _ in range(20):
        try:
            return importlib.import_module("test")
        except ModuleNotFoundError as e:
            print(f"stand-in for {e.name} (not used by validate_lvs)")
            sys.modules[e.name] = types.ModuleType(e.name)
    raise SystemExit("cannot import the official test.py")


def window(official, testset):
    """(audio_length, st, fi) as GetAudioVideoDataset sets them for this testset."""
    import datasets_lvs  # noqa: E402
    work = tempfile.mkdtemp(prefix="soundsight-presets-")
    cwd = os.getcwd()
    try:
        os.makedirs(os.path.join(work, "metadata"))
        entry = {"image": "/a/b/c/d/x_1.png", "audio": "/a/b/c/x.wav", "gt_box": [1, 2, 3, 4]}
        for name in ["synthetic3240_bbox.json", "s4_box.json", "ms3_box.json", "vpo_ss_bbox.json", "vpo_ms_bbox.json"]:
            with open(os.path.join(work, "metadata", name), "w") as f:
                json.dump([entry], f)
        with open(os.path.join(work, "metadata", "vggss.json"), "w") as f:
            json.dump([], f)
        os.chdir(work)
        args = types.SimpleNamespace(image_size=224, testset=testset, test_gt_path=work)
        if testset in ("flickr", "vggss"):
            # These two list folders of the authors' machines in __init__; the window is set before that.
            ds = datasets_lvs.GetAudioVideoDataset.__new__(datasets_lvs.GetAudioVideoDataset)
            src = datasets_lvs.GetAudioVideoDataset.__init__
            try:
                src(ds, args, mode="test")
            except (FileNotFoundError, OSError):
                pass
        else:
            ds = datasets_lvs.GetAudioVideoDataset(args, mode="test")
        return ds.audio_length, ds.st, ds.fi
    finally:
        os.chdir(cwd)


def upsampling(testset, heat):
    """The name of the upsampling validate_lvs applies for this testset, read from what it hands normalize_img."""
    official_test = import_test()
    import utils_lvs  # noqa: E402
    seen = []
    original = utils_lvs.normalize_img

    def record(x, *a, **k):
        seen.append(np.array(x, dtype=np.float64, copy=True))
        return original(x, *a, **k)

    class Model:
        def train(self, mode):
            return self

        def __call__(self, image, spec, args):
            return heat.clone(), None, None, None

    class Saliency(Model):
        def __call__(self, image):
            return heat.clone()

    batch = (torch.zeros(1, 3, 224, 224), torch.zeros(1, 1, 257, 188),
             {"gt_map": torch.ones(1, 224, 224)}, ["a_b_c.jpg"])
    args = types.SimpleNamespace(testset=testset, visualize=False, pth_name="ours.pth")
    utils_lvs.normalize_img = record
    try:
        official_test.validate_lvs([batch], Model(), Saliency(), tempfile.gettempdir(), args)
    except Exception as e:  # noqa: BLE001 - only the recorded map matters; the summary after it may need more
        print(f"{testset}: validate_lvs stopped after the map: {type(e).__name__}: {e}")
    finally:
        utils_lvs.normalize_img = original
    got = -seen[0]
    aligned = F.interpolate(heat, size=(224, 224), mode="bilinear", align_corners=True)[0, 0].numpy()
    half = cv2.resize(heat[0, 0].numpy(), dsize=(224, 224), interpolation=cv2.INTER_LINEAR)
    names = [n for n, m in (("align-corners", aligned), ("half-pixel", half)) if np.array_equal(got, m.astype(np.float64))]
    if len(names) != 1:
        raise SystemExit(f"{testset}: the map validate_lvs normalises is neither upsampling (or both)")
    return names[0]


def rule(testset):
    import datasets_lvs  # noqa: E402
    gt = datasets_lvs.bbox2gtmap([[10, 10, 50, 50], [30, 30, 80, 80], [40, 40, 60, 60]], testset)
    values = sorted(set(np.unique(gt).tolist()))
    if values == [0.0, 1.0] and gt[20, 20] == 1.0:
        return "union"
    if values == [0.0, 0.5, 1.0] and gt[20, 20] == 0.5:
        return "consensus"
    raise SystemExit(f"{testset}: unknown ground-truth rule {values}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    official_harness.add_official_to_path(a.official)
    stub_modules()
    heat = torch.from_numpy(np.random.default_rng(3).standard_normal((1, 1, 14, 14)).astype(np.float32))
    table = {}
    for testset in TESTSETS:
        clip, st, fi = window(a.official, testset)
        table[testset] = {"clip_seconds": float(clip), "start_seconds": float(st), "end_seconds": float(fi),
                          "upsample": upsampling(testset, heat), "ground_truth": rule(testset)}
        print(testset, table[testset])
    with open(os.path.join(a.out, "presets.json"), "w") as f:
        json.dump(table, f, indent=1)


if __name__ == "__main__":
    main()
