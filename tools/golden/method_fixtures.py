"""Golden fixtures for the competing methods of the paper's comparison, written by the authors' unchanged code
(SSLalignment model.py, model_ssltie.py, test.py's validate and validate_ssltie, utils.Evaluator_iiou).

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/method_fixtures.py --official /work/ref/SSLalignment \
        --models tests/SoundSight.Tests/Fixtures/Models --out tests/SoundSight.Tests/Fixtures/Methods

Each model (EZVSL, SLAVC, FNAC, AVENet_ssltie) gets the formula weights SoundSight.Models.DeterministicWeights
rebuilds (model_fixtures.deterministic_values, by state_dict name), so no 90-MB checkpoint is stored. Inputs are the
two ImageNet-normalised pictures and the spectrograms of Fixtures/Models (cut to the 257 x 200 that datasets.py's
centre crop gives for the EZ-VSL family). Four IS3-style entries pair each picture with each sound; test.py's own
validate (or validate_ssltie) runs on them as one batch, with its object-saliency network (torchvision resnet18
with test.py's NormReducer head, formula weights), and utils.Evaluator_iiou is wrapped only to keep its instances,
so the metrics are read at full precision after the unchanged loop returns.

Also written: each method's checkpoint container with a handful of its keys (torch.save, the layout the official
loader reads: ckpt['model'] with 'module.' keys for the EZ-VSL family, ckpt['state_dict'] for SSL-TIE), for the
key-rule tests.

Stand-ins: modules the scored code never calls (av, torchaudio, ipdb, matplotlib, pandas, tqdm) are registered
when missing; sklearn.metrics.auc as in evaluation_fixtures.py; easydict.EasyDict as a dict with attribute access;
torchvision's resnet18(pretrained=True) is built without downloading (its weights are replaced anyway).
"""
import argparse
import contextlib
import importlib
import io
import json
import os
import sys
import types

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
import evaluation_fixtures  # noqa: E402
import model_fixtures  # noqa: E402
import official_harness  # noqa: E402

# Entries: (picture index, sound index, IS3-style name, box). Two pictures with two sounds each: IIoU groups.
ENTRIES = [
    (0, 0, "cat_drum_11_cat", [30, 40, 150, 170]),
    (0, 1, "cat_drum_11_drum", [120, 20, 220, 120]),
    (1, 0, "dog_piano_12_dog", [0, 100, 110, 224]),
    (1, 1, "dog_piano_12_piano", [60, 60, 180, 200]),
]


def install_stand_ins():
    evaluation_fixtures.install_stand_ins()
    for name in ["av", "torchaudio", "torchaudio.transforms", "ipdb", "tqdm"]:
        try:
            importlib.import_module(name)
        except ImportError:
            sys.modules[name] = types.ModuleType(name)
    if not hasattr(sys.modules["tqdm"], "tqdm"):
        sys.modules["tqdm"].tqdm = lambda iterable, *a, **k: iterable
    if not hasattr(sys.modules["torchaudio"], "transforms"):
        sys.modules["torchaudio"].transforms = sys.modules["torchaudio.transforms"]
    easydict = sys.modules.get("easydict")
    if easydict is None or not hasattr(easydict, "EasyDict"):
        class EasyDict(dict):
            def __getattr__(self, key):
                try:
                    return self[key]
                except KeyError as e:
                    raise AttributeError(key) from e

            def __setattr__(self, key, value):
                self[key] = value

        module = types.ModuleType("easydict")
        module.EasyDict = EasyDict
        sys.modules["easydict"] = module
    for name in ["matplotlib", "matplotlib.pyplot"]:
        module = sys.modules[name]
        for attr in ["imshow", "xticks", "yticks", "axis", "savefig", "close"]:
            if not hasattr(module, attr):
                setattr(module, attr, lambda *a, **k: None)
    import torchvision.models
    plain = torchvision.models.resnet18

    def resnet18(pretrained=False, **kwargs):
        return plain(**kwargs)

    torchvision.models.resnet18 = resnet18
    return resnet18


def saliency_network(test, resnet18):
    """test.py lines 105-112: torchvision resnet18, avgpool Identity, fc = Unflatten + NormReducer + Unsqueeze."""
    net = resnet18(pretrained=True)
    net.avgpool = torch.nn.Identity()
    net.fc = torch.nn.Sequential(torch.nn.Unflatten(1, (512, 7, 7)), test.NormReducer(dim=1), test.Unsqueeze(1))
    model_fixtures.apply_weights(net)
    net.eval()
    return net


class Recorded:
    """Wraps utils.Evaluator_iiou so the validators' evaluators can be read after they return."""

    def __init__(self, utils):
        self.instances = []
        cls = utils.Evaluator_iiou
        original = getattr(cls, "_soundsight_original_init", cls.__init__)
        cls._soundsight_original_init = original
        instances = self.instances

        def init(evaluator):
            original(evaluator)
            instances.append(evaluator)

        cls.__init__ = init


def finite(v):
    """JSON has no NaN: an undefined metric (the OGL evaluator's empty interactive groups) is written as null."""
    v = float(v)
    return None if np.isnan(v) else v


def metrics(evaluator):
    ciou, ciou_adap, iiou, iiou_adap = evaluator.finalize_cIoU()
    auc, auc_adap = evaluator.finalize_AUC()
    return {
        "cIoU": finite(ciou), "cIoU_adaptive": finite(ciou_adap), "IIoU": finite(iiou), "IIoU_adaptive": finite(iiou_adap),
        "AUC": finite(auc), "AUC_adaptive": finite(auc_adap),
        "IAUC": finite(evaluator.finalize_IAUC()), "IAUC_adaptive": finite(evaluator.finalize_IAUC_adap()),
        "ious": [float(v) for v in evaluator.ciou], "ious_adaptive": [float(v) for v in evaluator.ciou_adap],
    }


def batch(images, specs, datasets):
    image = torch.from_numpy(np.stack([images[i] for i, _, _, _ in ENTRIES]))
    spec = torch.from_numpy(np.stack([specs[s] for _, s, _, _ in ENTRIES]))
    gt = torch.from_numpy(np.stack([datasets.bbox2gtmap([box], "is3") for _, _, _, box in ENTRIES]))
    return [(image, spec, {"gt_map": gt}, [name for _, _, name, _ in ENTRIES])]


def partial_checkpoint(model, container, prefix, keep, path):
    sd = model.state_dict()
    torch.save({"epoch": 1, container: {prefix + k: sd[k] for k in keep}}, path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--models", required=True, help="Fixtures/Models (images.npy, spectrograms.npy)")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.set_num_threads(2)
    resnet18 = install_stand_ins()
    official_harness.add_official_to_path(a.official)
    cwd = os.getcwd()
    os.chdir(a.official)  # test.py's imports read nothing, but keep the official relative layout
    try:
        import datasets  # noqa: E402
        import model as official_model  # noqa: E402
        import model_ssltie  # noqa: E402
        import opts_ssltie  # noqa: E402
        import test  # noqa: E402
        import utils  # noqa: E402
    finally:
        os.chdir(cwd)
    official_model.resnet18 = resnet18

    images = np.load(os.path.join(a.models, "images.npy"))
    specs = np.load(os.path.join(a.models, "spectrograms.npy"))
    specs200 = np.ascontiguousarray(specs[:, :, :, :200])
    saliency = saliency_network(test, resnet18)
    with torch.no_grad():
        native = saliency(batch(images, specs200, datasets)[0][0])
    np.save(os.path.join(a.out, "saliency_native.npy"), native[:, 0].numpy().astype(np.float32))
    fixtures = {"entries": [{"image": i, "sound": s, "name": n, "box": b} for i, s, n, b in ENTRIES], "methods": {}}

    def run_validate(name, model, validator, spec_input, args):
        recorded = Recorded(utils)
        model_fixtures.apply_weights(model)
        model.eval()
        loader = batch(images, spec_input, datasets)
        with contextlib.redirect_stdout(io.StringIO()):
            validator(loader, model, saliency, "", args)
        av, ogl = recorded.instances[0], recorded.instances[1]
        return {"metrics": metrics(av), "ogl": metrics(ogl)}

    args = types.SimpleNamespace(gpu=None, alpha=0.4, visualize=False, testset="is3", pth_name="")
    for name, build in [
        ("ezvsl", lambda: official_model.EZVSL(0.03, 512)),
        ("slavc", lambda: official_model.SLAVC(0.03, 512, 0, 0, 0.9, 0.9, False, None)),
        ("fnac", lambda: official_model.FNAC(0.03, 512, 0, 0)),
    ]:
        model = build()
        result = run_validate(name, model, test.validate, specs200, args)
        # The maps of the four entries, from a fresh copy (SLAVC's forward moves its momentum copies in mode 'train').
        fresh = build()
        model_fixtures.apply_weights(fresh)
        fresh.eval()
        image, spec, _, _ = batch(images, specs200, datasets)[0]
        with torch.no_grad():
            savl = fresh(image.float(), spec.float())[1] if name != "slavc" else fresh(image.float(), spec.float(), mode="val")[1]
        np.save(os.path.join(a.out, f"{name}_savl.npy"), savl.numpy().astype(np.float32))
        if name == "slavc":
            mom = official_model.SLAVC(0.03, 512, 0, 0, 0.9, 0.9, True, None)
            model_fixtures.apply_weights(mom)
            mom.eval()
            with torch.no_grad():
                # mode='val': the momentum copies as stored (mode 'train' would first move them one EMA step).
                np.save(os.path.join(a.out, "slavc_momentum_savl.npy"), mom(image.float(), spec.float(), mode="val")[1].numpy().astype(np.float32))
        fixtures["methods"][name] = result
        keep = [k for k in list(fresh.state_dict().keys()) if k.endswith("conv1.weight") and k.count(".") <= 2][:2]
        keep += [k for k in fresh.state_dict().keys() if "proj" in k and k.endswith("bias")][:2]
        partial_checkpoint(fresh, "model", "module.", keep, os.path.join(a.out, f"{name}_partial.pth"))

    ssltie_args = opts_ssltie.SSLTIE_args().ssltie_args
    ssltie_args.testset = "is3"
    ssltie_args.visualize = False
    ssltie = model_ssltie.AVENet_ssltie(ssltie_args)
    result = run_validate("ssltie", ssltie, test.validate_ssltie, specs, ssltie_args)
    image, spec, _, _ = batch(images, specs, datasets)[0]
    with torch.no_grad():
        heat = ssltie(image.float(), spec.float(), ssltie_args, mode="val")[0]
    np.save(os.path.join(a.out, "ssltie_map.npy"), heat[:, 0].numpy().astype(np.float32))
    fixtures["methods"]["ssltie"] = result
    keep = ["imgnet.conv1.weight", "audnet.conv1_a.weight", "vision_fc1.bias", "norm3.running_var"]
    partial_checkpoint(ssltie, "state_dict", "", keep, os.path.join(a.out, "ssltie_partial.pth"))

    with open(os.path.join(a.out, "methods.json"), "w") as f:
        json.dump(fixtures, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
