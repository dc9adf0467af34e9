"""Times the official PyTorch code (github.com/kaistmm/SSLalignment) on the localize job, preprocessing included,
so docs/speed.md can put SoundSight beside it on the same machine and thread count.

    /usr/bin/python3 tools/bench/official_localize.py --official /path/to/SSLalignment \
        --image samples/scene.jpg --audio samples/speech.wav --threads 2 --repeats 15

Measures, as the official test path does it (datasets_lvs.GetAudioVideoDataset.__getitem__: PIL decode,
ToTensor, bicubic Resize, Normalize; soundfile read, tiling, scipy spectrogram, log; AVENet forward;
F.interpolate to 224 (align_corners=True); 1 - normalize_img(-map)):
  - latency of one (image, audio) pair (median ms);
  - throughput at batch 8 (pairs/s, median over repeats).
Prints one JSON line. Random weights (timing does not depend on them).
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


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--image", required=True)
    p.add_argument("--audio", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=15)
    p.add_argument("--batch", type=int, default=8)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    official_harness.add_official_to_path(a.official)
    import model_lvs  # noqa: E402
    import utils_lvs  # noqa: E402

    args = types.SimpleNamespace(epsilon=0.65, epsilon2=0.4, tri_map=True, Neg=True)
    model = model_lvs.AVENet(args).eval()

    dataset, cleanup = official_harness.official_dataset(a.official, [(a.image, a.audio)] * a.batch)
    try:
        def run(indices):
            frames, specs = [], []
            for i in indices:
                frame, spec, _, _ = dataset[i]
                frames.append(frame)
                specs.append(spec)
            image = torch.stack(frames).float()
            spec = torch.stack(specs).float()
            with torch.no_grad():
                heatmap, _, _, _ = model(image, spec, args)
                heatmap = F.interpolate(heatmap, size=(224, 224), mode="bilinear", align_corners=True)
            preds = [1 - utils_lvs.normalize_img(-heatmap[i, 0].numpy()) for i in range(len(indices))]
            return preds

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
            "impl": "official-pytorch", "torch": torch.__version__, "threads": a.threads,
            "latency_ms_median": statistics.median(single), "latency_ms_all": single,
            "batch": a.batch, "pairs_per_s_median": statistics.median(batch),
        }))
    finally:
        cleanup()


if __name__ == "__main__":
    main()
