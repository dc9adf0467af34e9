"""Golden fixtures for the training objective: loss and gradients of the authors' training step
(ssl_kccv Alignment/train.py and model.py) for fixed weights, inputs and views.

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/training_fixtures.py --kccv /path/to/ssl_kccv/Alignment \
        --official /path/to/SSLalignment --out tests/SoundSight.Tests/Fixtures/Training

Also written: adam.json, torch.optim.Adam (the optimiser of train.py, with weight decay) over several steps on
formula parameters and gradients, with the learning rate lowered part way as train.py's MultiStepLR does; and
ezvsl.json + ezvsl.grad_*.npy, the loss of the authors' EZ-VSL baseline (SSLalignment model.py,
EZVSL.max_xmil_loss, tau 0.03) and its gradients with respect to the normalised image maps and audio vectors.

Weights and inputs come from the formula of SoundSight.Models.DeterministicWeights (model_fixtures.py), so
nothing large is stored: the C# test rebuilds both. The step is train.py's: model.train() (BatchNorm on batch
statistics), one forward per (image view, audio view) pair of views, get_logit / get_logit_p for the 3 x 3 pairs,
loss = sum of -log((softmax(logit) * eye).sum(1)).mean(), backward.
"""
import argparse
import json
import os
import sys
import types

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from model_fixtures import apply_weights, deterministic_values  # noqa: E402

B, IMAGE, FREQ, TIME = 4, 112, 128, 160
GRADS = ["imgnet.conv1.weight", "imgnet.layer4.1.bn2.weight", "audnet.conv1_a.weight",
         "audnet.layer2.0.downsample.0.weight", "img_proj.bias", "aud_proj.bias"]


def inputs(view):
    image = deterministic_values(f"input/image/{view}", (B, 3, IMAGE, IMAGE)) * np.float32(150)
    spec = deterministic_values(f"input/audio/{view}", (B, 1, FREQ, TIME)) * np.float32(40) - np.float32(0.65)
    return torch.from_numpy(image), torch.from_numpy(spec)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kccv", required=True)
    p.add_argument("--official", help="SSLalignment checkout (EZ-VSL's loss lives in its model.py)")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.set_num_threads(2)
    adam_fixture(a.out)
    if a.official:
        ezvsl_fixture(a.official, a.out)
    sys.path.insert(0, os.path.abspath(a.kccv))
    import model as kccv_model  # noqa: E402

    args = types.SimpleNamespace(epsilon=0.65, epsilon2=0.4, tri_map=True, Neg=True, random_threshold=1, soft_ep=1, batch_size=B)
    model = kccv_model.AlignmentNet(args)
    apply_weights(model)
    model.train()

    feats = {}
    for view in ("orig", "aug", "hp"):
        image, spec = inputs(view)
        feats[view] = model(image, spec, args, mode="train")  # img, aud, img_p, aud_p
    img_feats = [feats[v][0] for v in ("orig", "aug", "hp")]
    aud_feats = [feats[v][1] for v in ("orig", "aug", "hp")]
    img_p = [feats[v][2] for v in ("orig", "aug", "hp")]
    aud_p = [feats[v][3] for v in ("orig", "aug", "hp")]

    all_logits = []
    for i_feat in img_feats:
        for a_feat in aud_feats:
            _, logit, _, _, _, _ = model.get_logit(i_feat, a_feat, args)
            all_logits.append(logit)
    for i_feat in img_p:
        for a_feat in aud_p:
            all_logits.append(model.get_logit_p(i_feat, a_feat, args))
    mask = torch.eye(B)
    loss = 0
    terms = []
    for logit in all_logits:
        term = (-torch.log((torch.nn.functional.softmax(logit, dim=1) * mask).sum(1))).mean()
        terms.append(float(term))
        loss = loss + term
    loss.backward()
    params = dict(model.named_parameters())
    for name in GRADS:
        np.save(os.path.join(a.out, f"grad.{name}.npy"), params[name].grad.numpy())
    with open(os.path.join(a.out, "loss.json"), "w") as f:
        json.dump({"loss": float(loss), "terms": terms, "batch": B, "image": IMAGE, "freq": FREQ, "time": TIME}, f, indent=1)


ADAM_SHAPES = {"conv.weight": (4, 3, 3, 3), "conv.bias": (5,), "fc.weight": (6, 8)}
ADAM_LR = [1e-3, 1e-3, 1e-3, 1e-4, 1e-4, 1e-4]
ADAM_WEIGHT_DECAY = 1e-2


def adam_fixture(out):
    """torch.optim.Adam, as train.py builds it (Adam(params, lr, weight_decay)), for len(ADAM_LR) steps."""
    params = {n: torch.nn.Parameter(torch.from_numpy(deterministic_values(f"adam/param/{n}", shape))) for n, shape in ADAM_SHAPES.items()}
    optim = torch.optim.Adam(list(params.values()), lr=ADAM_LR[0], weight_decay=ADAM_WEIGHT_DECAY)
    steps = []
    for k, lr in enumerate(ADAM_LR):
        for group in optim.param_groups:
            group["lr"] = lr  # what MultiStepLR does at a milestone
        optim.zero_grad()
        for n, shape in ADAM_SHAPES.items():
            params[n].grad = torch.from_numpy(deterministic_values(f"adam/grad/{k}/{n}", shape))
        optim.step()
        steps.append({n: [float(v) for v in params[n].detach().numpy().ravel()] for n in ADAM_SHAPES})
    with open(os.path.join(out, "adam.json"), "w") as f:
        json.dump({"torch": torch.__version__, "shapes": {n: list(s) for n, s in ADAM_SHAPES.items()}, "lr": ADAM_LR,
                   "weight_decay": ADAM_WEIGHT_DECAY, "betas": [0.9, 0.999], "eps": 1e-8, "steps": steps}, f)


EZ_B, EZ_C, EZ_H = 4, 16, 7


def ezvsl_fixture(official, out):
    """EZVSL.max_xmil_loss of the authors' code on normalised formula features, and its gradients."""
    sys.path.insert(0, os.path.abspath(official))
    sys.modules.pop("model", None)
    import model as official_model  # noqa: E402  (SSLalignment model.py, which holds EZVSL)
    sys.modules.pop("model", None)
    img = torch.nn.functional.normalize(torch.from_numpy(deterministic_values("ezvsl/image", (EZ_B, EZ_C, EZ_H, EZ_H))), dim=1)
    aud = torch.nn.functional.normalize(torch.from_numpy(deterministic_values("ezvsl/audio", (EZ_B, EZ_C))), dim=1)
    img.requires_grad_(True)
    aud.requires_grad_(True)
    this = types.SimpleNamespace(tau=0.03)
    loss, _ = official_model.EZVSL.max_xmil_loss(this, img, aud)
    loss.backward()
    np.save(os.path.join(out, "ezvsl.grad_image.npy"), img.grad.numpy())
    np.save(os.path.join(out, "ezvsl.grad_audio.npy"), aud.grad.numpy())
    with open(os.path.join(out, "ezvsl.json"), "w") as f:
        json.dump({"loss": float(loss), "batch": EZ_B, "channels": EZ_C, "size": EZ_H, "tau": 0.03}, f, indent=1)


if __name__ == "__main__":
    main()
