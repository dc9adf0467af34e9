"""Golden fixtures for cross-modal retrieval R@1/5/10, computed by the authors' own compute_retrieval (the function
nested in ssl_kccv Alignment/train.py's validation, whose results fill ret[...] = A2I_a1 ... proj_I2A_a10).

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/retrieval_fixtures.py --official /work/ref/ssl_kccv \
        --out tests/SoundSight.Tests/Fixtures/Retrieval

compute_retrieval is nested inside a function, so it cannot be imported: its definition is taken from train.py's
syntax tree (ast) and executed on its own, with torch and a no-op tqdm. Nothing of it is copied here.

Features are random float32 rows (audio and image, N x D); each pair i has a class drawn from a few labels, and
the filenames are '<clip>/image_050.jpg' with label_dict[clip] = class, as the authors' loader gives them. The
fixture stores the features, classes and the four numbers lists [R@1, R@5, R@10] for audio->image and image->audio.
"""
import argparse
import ast
import json
import os

import numpy as np
import torch


def load_compute_retrieval(official):
    path = os.path.join(official, "Alignment", "train.py")
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "compute_retrieval":
            module = ast.Module(body=[node], type_ignores=[])
            namespace = {"torch": torch, "tqdm": lambda x: x}
            exec(compile(module, path, "exec"), namespace)
            return namespace["compute_retrieval"]
    raise SystemExit(f"{path}: no compute_retrieval found")


def case(compute, seed, n, dim, labels):
    rng = np.random.default_rng(seed)
    audio = rng.standard_normal((n, dim)).astype(np.float32)
    image = rng.standard_normal((n, dim)).astype(np.float32)
    # Pairs share part of their direction, so retrieval is better than chance.
    image = (image + 0.8 * audio).astype(np.float32)
    classes = [f"class{int(c)}" for c in rng.integers(0, labels, n)]
    filenames = [f"clip{i:04d}/image_050.jpg" for i in range(n)]
    label_dict = {f"clip{i:04d}": classes[i] for i in range(n)}
    a, v = torch.from_numpy(audio), torch.from_numpy(image)
    return {
        "seed": seed,
        "audio": audio.tolist(),
        "image": image.tolist(),
        "classes": classes,
        "audio_to_image": compute(a, v, filenames, label_dict),
        "image_to_audio": compute(v, a, filenames, label_dict),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--official", required=True, help="ssl_kccv checkout")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    compute = load_compute_retrieval(args.official)
    cases = [case(compute, 11, 120, 16, 9), case(compute, 12, 57, 8, 4)]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "retrieval_official.json"), "w") as f:
        json.dump({"cases": cases}, f)


if __name__ == "__main__":
    main()
