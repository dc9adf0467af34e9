"""Times one training step of the authors' alignment method (ssl_kccv Alignment/train.py and model.py) on random
inputs, model only (no data loading), so SoundSight's `bench train` can print its own rate beside it.

    /usr/bin/python3 tools/bench/official_train_step.py --kccv /path/to/ssl_kccv/Alignment --batch 16 \
        --image-size 224 --frames 299 --threads 2 --steps 3

The step is train.py's: model.train(); three views (original, augmented, neighbour) each through both towers;
get_logit for the 3 x 3 view pairs and get_logit_p for the 3 x 3 projected pairs; loss = sum of
-log((softmax(logit) * eye).sum(1)).mean(); backward; Adam (lr 1e-4, weight decay 1e-4). Prints one JSON line.
"""
import argparse
import json
import os
import statistics
import sys
import time
import types

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kccv", required=True)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--image-size", type=int, default=224)
    p.add_argument("--frames", type=int, default=299)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--device", default="cpu")
    a = p.parse_args()
    device = torch.device(a.device)
    torch.set_num_threads(a.threads)
    sys.path.insert(0, os.path.abspath(a.kccv))
    import model as kccv_model  # noqa: E402

    args = types.SimpleNamespace(epsilon=0.65, epsilon2=0.4, tri_map=True, Neg=True, random_threshold=1, soft_ep=1, batch_size=a.batch)
    model = kccv_model.AlignmentNet(args).to(device)
    model.train()
    optim = torch.optim.Adam(model.parameters(), lr=1e-4, weight_decay=1e-4)
    b = a.batch
    views = [(torch.randn(b, 3, a.image_size, a.image_size, device=device), torch.randn(b, 1, 257, a.frames, device=device) * 0.2 - 0.6) for _ in range(3)]
    mask = torch.eye(b, device=device)

    def step():
        feats = [model(img, spec, args, mode="train") for img, spec in views]
        logits = []
        for fi in feats:
            for fa in feats:
                logits.append(model.get_logit(fi[0], fa[1], args)[1])
        for fi in feats:
            for fa in feats:
                logits.append(model.get_logit_p(fi[2], fa[3], args))
        loss = 0
        for logit in logits:
            loss = loss + (-torch.log((torch.nn.functional.softmax(logit, dim=1) * mask).sum(1))).mean()
        optim.zero_grad()
        loss.backward()
        optim.step()
        if device.type == "cuda":
            torch.cuda.synchronize()  # time the work, not its queueing

    step()  # warm-up
    times = []
    for _ in range(a.steps):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    print(json.dumps({"impl": "official-pytorch", "torch": torch.__version__, "threads": a.threads, "batch": b,
                      "image_size": a.image_size, "frames": a.frames, "step_s_median": statistics.median(times),
                      "pairs_per_s": b / statistics.median(times)}))


if __name__ == "__main__":
    main()
