"""Times the official PyTorch code (github.com/kaistmm/SSLalignment) on the localize job, preprocessing included,
so docs/benchmarks.md can put SoundSight beside it on the same machine and thread count.

    /usr/bin/python3 tools/bench/official_localize.py --official /path/to/SSLalignment \\
        --image samples/scene.jpg --audio samples/speech.wav --threads 2 --repeats 15 [--method ezvsl]

Measures each method as test.py runs it (its own dataset class's __getitem__ on an IS3-style layout, its model's
forward, its upsampling and normalisation of the map):
  - ours, lvs: datasets_lvs.GetAudioVideoDataset (PIL, bicubic Resize, soundfile, scipy spectrogram, log), AVENet,
    F.interpolate to 224 (align_corners=True), 1 - normalize_img(-map);
  - ezvsl, margin, slavc: datasets.get_test_dataset (PyAV audio, 10 s, roll, scipy spectrogram, crop, / 12),
    model.EZVSL / SLAVC, F.interpolate (align_corners=True), normalize_img(map) (test.validate);
  - fnac: datasets.get_test_dataset_fnac (3 s around the middle), model.FNAC, as validate;
  - ssltie: datasets_ssltie.GetAudioVideoDataset_ssltie (torchaudio mel), AVENet_ssltie, cv2.resize,
    1 - normalize_img(-map) (test.validate_ssltie).
Reports the latency of one (image, audio) pair (median ms) and the throughput at a batch (pairs/s, median over
repeats) as one JSON line. Random weights (timing does not depend on them); torchvision's resnet18 is built
without its ImageNet download.
"""
import argparse
import json
import os
import statistics
import sys
import time
import types

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "golden"))
import official_harness  # noqa: E402


def lvs(a):
    import model_lvs  # noqa: E402
    import utils_lvs  # noqa: E402

    args = types.SimpleNamespace(epsilon=0.65, epsilon2=0.4, tri_map=True, Neg=True)
    model = model_lvs.AVENet(args).eval()

    def maps(image, spec):
        heatmap = model(image, spec, args)[0]
        heatmap = F.interpolate(heatmap, size=(224, 224), mode="bilinear", align_corners=True)
        return [1 - utils_lvs.normalize_img(-heatmap[i, 0].numpy()) for i in range(heatmap.shape[0])]

    return None, maps


def ezvsl_family(a):
    import method_fixtures  # noqa: E402  (torchvision's resnet18 without the ImageNet download)
    method_fixtures.install_stand_ins()
    import datasets  # noqa: E402
    import model as official_model  # noqa: E402
    import utils  # noqa: E402

    model = {
        "ezvsl": lambda: official_model.EZVSL(0.03, 512),
        "margin": lambda: official_model.EZVSL(0.03, 512),
        "slavc": lambda: official_model.SLAVC(0.03, 512, 0, 0, 0.9, 0.9, False, None),
        "fnac": lambda: official_model.FNAC(0.03, 512, 0, 0),
    }[a.method]().eval()
    make = datasets.get_test_dataset_fnac if a.method == "fnac" else datasets.get_test_dataset

    def maps(image, spec):
        heatmap = model(image, spec)[1].unsqueeze(1)
        heatmap = F.interpolate(heatmap, size=(224, 224), mode="bilinear", align_corners=True).numpy()
        return [utils.normalize_img(heatmap[i, 0]) for i in range(heatmap.shape[0])]

    return make, maps


def ssltie(a):
    import method_fixtures  # noqa: E402
    method_fixtures.install_stand_ins()
    import cv2  # noqa: E402
    import datasets_ssltie  # noqa: E402
    import model_ssltie  # noqa: E402
    import opts_ssltie  # noqa: E402
    import utils_lvs  # noqa: E402

    args = opts_ssltie.SSLTIE_args().ssltie_args
    args.visualize = False
    model = model_ssltie.AVENet_ssltie(args).eval()

    def make(layout):
        args.testset = layout.testset
        args.dataset_mode = layout.testset
        args.test_gt_path = layout.test_gt_path
        return datasets_ssltie.GetAudioVideoDataset_ssltie(args, mode="test")

    def maps(image, spec):
        heatmap = model(image, spec, args, mode="val")[0].numpy()
        return [1 - utils_lvs.normalize_img(-cv2.resize(heatmap[i, 0], dsize=(224, 224), interpolation=cv2.INTER_LINEAR))
                for i in range(heatmap.shape[0])]

    return make, maps


METHODS = {"ours": lvs, "lvs": lvs, "ezvsl": ezvsl_family, "margin": ezvsl_family, "slavc": ezvsl_family,
           "fnac": ezvsl_family, "ssltie": ssltie}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--image", required=True)
    p.add_argument("--audio", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=15)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--method", default="ours", choices=sorted(METHODS))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    official_harness.add_official_to_path(a.official)
    cwd = os.getcwd()
    os.chdir(a.official)  # some official modules read files relative to their checkout when imported
    try:
        make, maps = METHODS[a.method](a)
    finally:
        os.chdir(cwd)

    dataset, cleanup = official_harness.official_dataset(a.official, [(a.image, a.audio)] * a.batch, make=make)
    try:
        def run(indices):
            frames, specs = [], []
            for i in indices:
                frame, spec, _, _ = dataset[i]
                frames.append(frame)
                specs.append(spec)
            with torch.no_grad():
                return maps(torch.stack(frames).float(), torch.stack(specs).float())

        for _ in range(3):  # warm-up, as SoundSight's bench does
            run([0])
        run(list(range(a.batch)))
        single = []
        for _ in range(a.repeats):
            t = time.perf_counter()
            run([0])
            single.append((time.perf_counter() - t) * 1000)
        batch = []
        for _ in range(max(3, a.repeats // 3)):
            t = time.perf_counter()
            run(list(range(a.batch)))
            batch.append(a.batch / (time.perf_counter() - t))
        print(json.dumps({
            "impl": "official-pytorch", "method": a.method, "torch": torch.__version__, "threads": a.threads,
            "latency_ms_median": statistics.median(single), "latency_ms_all": single,
            "batch": a.batch, "pairs_per_s_median": statistics.median(batch),
        }))
    finally:
        cleanup()


if __name__ == "__main__":
    main()
