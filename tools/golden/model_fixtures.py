"""Golden fixtures for the model: the official AVENet (SSLalignment model_lvs.py) and AlignmentNet
(ssl_kccv Alignment/model.py) with formula weights that the C# tests rebuild (SoundSight.Models.DeterministicWeights).

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/model_fixtures.py --official /path/to/SSLalignment \
        --kccv /path/to/ssl_kccv/Alignment --out tests/SoundSight.Tests/Fixtures/Models
"""
import argparse
import os
import sys
import types

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
import official_harness  # noqa: E402

SEED = 20261124
MASK64 = (1 << 64) - 1


def fnv1a64(text):
    h = 14695981039346656037
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 1099511628211) & MASK64
    return h


def deterministic_values(name, shape, seed=SEED):
    """Twin of DeterministicWeights.Values in C#."""
    count = int(np.prod(shape)) if len(shape) else 1
    fan_in = count // shape[0] if len(shape) >= 2 else 1
    key = np.uint64(fnv1a64(name) ^ seed)
    k = np.arange(1, count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = key + k * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    u = (z >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))
    if name.endswith("running_var"):
        v = 0.5 + 1.5 * u
    elif name.endswith("running_mean") or name.endswith("bias"):
        v = 0.2 * (u - 0.5)
    elif len(shape) == 4:
        v = (2 * u - 1) * np.sqrt(6.0 / fan_in)
    elif len(shape) == 2:
        v = (2 * u - 1) * np.sqrt(1.0 / fan_in)
    else:
        v = 0.5 + u
    return v.astype(np.float32).reshape(shape)


def apply_weights(model, seed=SEED):
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if t.dtype == torch.float32:
                t.copy_(torch.from_numpy(deterministic_values(name, tuple(t.shape), seed)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--kccv", required=True, help="ssl_kccv/Alignment folder")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.set_num_threads(2)
    official_harness.add_official_to_path(a.official)
    import model_lvs  # noqa: E402

    args = types.SimpleNamespace(epsilon=0.65, epsilon2=0.4, tri_map=True, Neg=True)
    avenet = model_lvs.AVENet(args)
    apply_weights(avenet)
    avenet.eval()

    rng = np.random.default_rng(7)
    images = rng.standard_normal((2, 3, 224, 224)).astype(np.float32)
    images[1] = np.clip(images[1] * 0.5 + 0.3, -2, 2)
    specs = rng.uniform(-1.3, 0.0, (2, 1, 257, 299)).astype(np.float32)
    np.save(os.path.join(a.out, "images.npy"), images)
    np.save(os.path.join(a.out, "spectrograms.npy"), specs)
    with torch.no_grad():
        heat, _, _, _ = avenet(torch.from_numpy(images), torch.from_numpy(specs), args)
        aud = F.normalize(avenet.avgpool(avenet.audnet(torch.from_numpy(specs))).view(2, -1), dim=1)
        small = F.interpolate(torch.from_numpy(images), size=(112, 112), mode="bilinear", align_corners=False)
        heat112, _, _, _ = avenet(small, torch.from_numpy(specs), args)
    np.save(os.path.join(a.out, "avenet_map.npy"), heat.numpy())
    np.save(os.path.join(a.out, "avenet_audio_normalized.npy"), aud.numpy())
    np.save(os.path.join(a.out, "images112.npy"), small.numpy())
    np.save(os.path.join(a.out, "avenet_map112.npy"), heat112.numpy())

    # s_A from the authors' training model.
    sys.path.insert(0, os.path.abspath(a.kccv))
    sys.modules.pop("models", None)
    import model as kccv_model  # noqa: E402
    kargs = types.SimpleNamespace(epsilon=0.65, epsilon2=0.4, tri_map=True, Neg=True, random_threshold=1, soft_ep=1, batch_size=2)
    align = kccv_model.AlignmentNet(kargs)
    apply_weights(align)
    align.eval()
    with torch.no_grad():
        img, aud, img_p, aud_p = align(torch.from_numpy(images), torch.from_numpy(specs), kargs, mode="train")
        s_a = img_p @ aud_p.T
    np.save(os.path.join(a.out, "alignment_semantic_scores.npy"), s_a.numpy())

    # A small torch.save'd file in the authors' container layout, to test reading what PyTorch writes.
    sd = align.state_dict()
    keep = ["imgnet.conv1.weight", "audnet.bn1.running_var", "img_proj.bias", "norm3.weight", "vision_fc1.bias"]
    torch.save({"epoch": 3, "model_state_dict": {"module." + k: sd[k] for k in keep}}, os.path.join(a.out, "partial_official.pth.tar"))


if __name__ == "__main__":
    main()
