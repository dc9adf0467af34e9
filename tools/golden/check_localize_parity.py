"""End-to-end parity of `./soundsight localize` with the official PyTorch code, on a checkpoint that the official
model itself writes (random weights and random BatchNorm statistics), for arbitrary pictures and sounds.

    /usr/bin/python3 tools/golden/check_localize_parity.py --official /path/to/SSLalignment \
        --image a.jpg --image b.png ... --audio x.wav --audio y.wav ...

Pairs image i with audio i (cycling the shorter list). For each pair it compares SoundSight's .raw.npy with the
official AVENet map A and SoundSight's .npy with validate_lvs's pred (align-corners: F.interpolate as for
IS3/Flickr; half-pixel: cv2.resize as for VGG-SS). Prints the max abs deviations and exits 1 past the
acceptance bounds (2e-4 raw, 2e-3 evaluation map).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import types

import cv2
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
import official_harness  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--image", action="append", required=True)
    p.add_argument("--audio", action="append", required=True)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    official_harness.add_official_to_path(a.official)
    import model_lvs  # noqa: E402
    import utils_lvs  # noqa: E402

    args = types.SimpleNamespace(epsilon=0.65, epsilon2=0.4, tri_map=True, Neg=True)
    model = model_lvs.AVENet(args)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.1, 0.1)
    model.eval()
    work = tempfile.mkdtemp(prefix="soundsight-parity-")
    checkpoint = os.path.join(work, "official_random.pth.tar")
    # The authors' container layout, as their released checkpoints.
    torch.save({"epoch": 0, "model_state_dict": model.state_dict()}, checkpoint)

    import soundfile
    kept = []
    for audio in a.audio:
        if soundfile.info(audio).samplerate != 16000:
            # SoundSight resamples other rates (a documented deviation); the official code mis-slices them.
            print(f"{os.path.basename(audio)}: skipped, not 16 kHz (SoundSight resamples, the official code does not)")
        else:
            kept.append(audio)
    a.audio = kept
    n = max(len(a.image), len(a.audio))
    pairs = [(a.image[i % len(a.image)], a.audio[i % len(a.audio)]) for i in range(n)]
    items = official_harness.official_test_items(a.official, pairs)
    worst = {"raw": 0.0, "align-corners": 0.0, "half-pixel": 0.0}
    for i, ((image, audio), (frame, spec, _)) in enumerate(zip(pairs, items)):
        with torch.no_grad():
            heat, _, _, _ = model(torch.from_numpy(frame)[None].float(), torch.from_numpy(spec)[None].float(), args)
        raw = heat[0, 0].numpy()
        official = {
            "align-corners": 1 - utils_lvs.normalize_img(-F.interpolate(heat, size=(224, 224), mode="bilinear", align_corners=True)[0, 0].numpy()),
            "half-pixel": 1 - utils_lvs.normalize_img(-cv2.resize(raw, dsize=(224, 224), interpolation=cv2.INTER_LINEAR)),
        }
        for mode in ("align-corners", "half-pixel"):
            out = os.path.join(work, f"out-{i}-{mode}")
            subprocess.run([os.path.join(ROOT, "soundsight"), "localize", "--checkpoint", checkpoint, "--image", image,
                            "--audio", audio, "--out", out, "--upsample", mode], check=True, stdout=subprocess.DEVNULL)
            stem = f"{os.path.splitext(os.path.basename(image))[0]}__{os.path.splitext(os.path.basename(audio))[0]}"
            ours_raw = np.load(os.path.join(out, stem + ".raw.npy"))
            ours = np.load(os.path.join(out, stem + ".npy"))
            worst["raw"] = max(worst["raw"], float(np.abs(ours_raw - raw).max()))
            worst[mode] = max(worst[mode], float(np.abs(ours - official[mode]).max()))
        print(f"{os.path.basename(image)} + {os.path.basename(audio)}: raw {worst['raw']:.2e}, "
              f"align-corners {worst['align-corners']:.2e}, half-pixel {worst['half-pixel']:.2e}")
    ok = worst["raw"] <= 2e-4 and worst["align-corners"] <= 2e-3 and worst["half-pixel"] <= 2e-3
    print(("PASS" if ok else "FAIL") + f": max abs raw {worst['raw']:.2e} (bound 2e-4), .npy align-corners "
          f"{worst['align-corners']:.2e}, half-pixel {worst['half-pixel']:.2e} (bound 2e-3)")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
