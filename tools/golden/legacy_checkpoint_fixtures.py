"""Writes small checkpoints in both of torch.save's formats for the legacy-pickle reader's golden tests.

PyTorch before 1.6 (the LVS release was written by 1.3) saved checkpoints as back-to-back pickles followed by raw
storage bytes; torch >= 1.6 writes a zip unless given _use_new_zipfile_serialization=False, which still writes the
old layout. Every checkpoint here is written twice, once per format, by this machine's torch (Debian's 1.13), and
a JSON manifest records each tensor's dtype, shape and values so the C# tests check values, not just agreement.

Usage: /usr/bin/python3 tools/golden/legacy_checkpoint_fixtures.py --out tests/SoundSight.Tests/Fixtures/Checkpoints
       [--partial tests/SoundSight.Tests/Fixtures/Models/partial_official.pth.tar]
"""
import argparse
import collections
import json
import os

import torch


def tensors():
    """A state dict covering what checkpoints hold: every common dtype, 0-d and empty tensors, non-contiguous
    views, views with a storage offset and tensors sharing one storage."""
    sd = collections.OrderedDict()
    base = torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) * 0.25 - 2.0
    sd["module.conv.weight"] = base
    sd["module.conv.weight_t"] = base.transpose(0, 2)          # shares base's storage, strides permuted
    sd["module.conv.slice"] = base[1, 1:, 2:]                  # shares base's storage, offset 18
    sd["module.bn.running_var"] = torch.linspace(0.5, 1.5, 7, dtype=torch.float32)
    sd["module.bn.num_batches_tracked"] = torch.tensor(12345678901, dtype=torch.int64)
    sd["module.fc.weight"] = (torch.arange(6, dtype=torch.float64).reshape(3, 2) / 3.0)
    sd["module.half"] = torch.tensor([1.5, -2.25, 65504.0], dtype=torch.float16)
    sd["module.bf16"] = torch.tensor([1.0, -3.5, 1e-3], dtype=torch.bfloat16)
    sd["module.int32"] = torch.tensor([[-7, 8], [2**31 - 1, -2**31]], dtype=torch.int32)
    sd["module.int16"] = torch.tensor([-32768, 32767, 5], dtype=torch.int16)
    sd["module.int8"] = torch.tensor([-128, 127, 0], dtype=torch.int8)
    sd["module.uint8"] = torch.tensor([0, 255, 17], dtype=torch.uint8)
    sd["module.mask"] = torch.tensor([True, False, True])
    sd["module.empty"] = torch.zeros(0, 5)
    sd["module.scalar"] = torch.tensor(3.25)
    return sd


def nested(sd):
    momentum = torch.full((2, 2), 0.125)
    return {
        "epoch": 7,
        "best_ciou": 0.3125,
        "arch": "lvs",
        "big": 2**70,
        "flags": (True, None, [1, 2.5, "x"]),
        "args": argparse.Namespace(lr=1e-4, name="run"),
        "model_state_dict": sd,
        "optimizer": {"state": {0: {"momentum_buffer": momentum}}, "param_groups": [{"lr": 0.1, "params": [0]}]},
    }


def describe(sd):
    out = {}
    for k, t in sd.items():
        values = t.to(torch.float64).flatten().tolist() if t.dtype != torch.bool else [float(v) for v in t.flatten().tolist()]
        out[k] = {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "values": values}
    return out


def zip_readable(obj):
    """The same object without non-contiguous tensors, which TorchSharp.PyBridge's zip reader (the project's reader
    of the zip format) refuses; the legacy twin keeps them."""
    if isinstance(obj, dict):
        kept = {k: zip_readable(v) for k, v in obj.items() if not (torch.is_tensor(v) and not v.is_contiguous())}
        return collections.OrderedDict(kept) if isinstance(obj, collections.OrderedDict) else kept
    return obj


def save_both(obj, out, stem):
    torch.save(zip_readable(obj), os.path.join(out, stem + "_zip.pth"))
    torch.save(obj, os.path.join(out, stem + "_legacy.pth"), _use_new_zipfile_serialization=False)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--partial", help="the authors'-layout partial checkpoint to re-save in the legacy format")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    sd = tensors()
    save_both(nested(sd), a.out, "nested")
    # Flat state_dict (no container), and the other containers test.py reads.
    save_both(sd, a.out, "flat")
    save_both({"state_dict": sd}, a.out, "state_dict")
    save_both({"model": sd, "epoch": 1}, a.out, "model")
    with open(os.path.join(a.out, "tensors.json"), "w") as f:
        json.dump(describe(sd), f, indent=0)
    if a.partial:
        partial = torch.load(a.partial, map_location="cpu")
        torch.save(partial, os.path.join(a.out, "partial_official_legacy.pth.tar"), _use_new_zipfile_serialization=False)
    # A legacy file cut inside its storage bytes, and one cut inside its main pickle.
    legacy = open(os.path.join(a.out, "nested_legacy.pth"), "rb").read()
    with open(os.path.join(a.out, "truncated_storage_legacy.pth"), "wb") as f:
        f.write(legacy[:-9])
    with open(os.path.join(a.out, "truncated_pickle_legacy.pth"), "wb") as f:
        f.write(legacy[:300])


if __name__ == "__main__":
    main()
