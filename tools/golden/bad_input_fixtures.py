"""Files for the bad-input table (tests/SoundSight.Tests/Cli/BadInputTests.cs) that only PyTorch itself can write.

legacy_pre16.pth.tar: torch.save with _use_new_zipfile_serialization=False (the pre-1.6 pickle container) of the
authors' layout {'epoch', 'model_state_dict'} holding one small tensor.

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/bad_input_fixtures.py --out tests/SoundSight.Tests/Fixtures/BadInput
"""
import argparse
import os

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.save({"epoch": 0, "model_state_dict": {"imgnet.conv1.weight": torch.zeros(2, 3)}},
               os.path.join(a.out, "legacy_pre16.pth.tar"), _use_new_zipfile_serialization=False)


if __name__ == "__main__":
    main()
