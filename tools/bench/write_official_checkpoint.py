"""Writes a checkpoint of the authors' AVENet (SSLalignment/model_lvs.py) with random weights and random BatchNorm
statistics, in the container of their released files ({"epoch", "model_state_dict"}), for parity and speed checks
where no trained checkpoint is at hand (the GPU machine):
    python3 tools/bench/write_official_checkpoint.py --official /path/to/SSLalignment --out ck.pth.tar [--seed 0]
"""
import argparse
import os
import sys
import types

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    sys.path.insert(0, os.path.abspath(a.official))
    import model_lvs  # noqa: E402

    torch.manual_seed(a.seed)
    model = model_lvs.AVENet(types.SimpleNamespace(epsilon=0.65, epsilon2=0.4, tri_map=True, Neg=True))
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.1, 0.1)
    torch.save({"epoch": 0, "model_state_dict": model.state_dict()}, a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
