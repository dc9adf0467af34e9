"""Times the official evaluation loop (github.com/kaistmm/SSLalignment test.py, `--testset is3` with an `ours`
checkpoint: datasets_lvs.GetAudioVideoDataset in a DataLoader, AVENet, the object-saliency ResNet-18 of OGL and
validate_lvs with utils.Evaluator_iiou) on an IS3-layout set, so `evaluate --data-root --checkpoint` can be put
beside it (tools/bench/evaluate_end_to_end.sh times both as whole processes, interpreter start included).

    /usr/bin/python3 tools/bench/official_evaluate.py --official /path/to/SSLalignment \
        --annotations ROOT/metadata/synthetic3240_bbox.json --threads 2 --batch 16 --workers 2

The official code is imported unchanged; only what a CPU-only, offline machine lacks is bridged: .cuda() is a
no-op (official_harness), ipdb (imported, never called here) and tqdm (a progress bar) are stand-ins, and the
torchvision ResNet-18 of OGL has random weights instead of downloaded ones (timing does not depend on weights;
neither does AVENet's, which is random too). --save-checkpoint writes those AVENet weights for SoundSight.
Prints validate_lvs's own lines to stderr and one JSON line (seconds inside Python, entries).
"""
import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
import types

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "golden"))
import official_harness  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--annotations", required=True, help="synthetic3240_bbox.json with absolute image and audio paths")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--save-checkpoint", help="write the (random) AVENet weights here as {'model_state_dict': ...} and stop")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    official_harness.add_official_to_path(a.official)
    sys.modules.setdefault("ipdb", types.ModuleType("ipdb"))
    if "tqdm" not in sys.modules:
        try:
            import tqdm  # noqa: F401
        except ImportError:
            stand_in = types.ModuleType("tqdm")
            stand_in.tqdm = lambda iterable, *args, **kwargs: iterable
            sys.modules["tqdm"] = stand_in
    import easydict  # noqa: E402
    import test as official_test  # noqa: E402  (official code)
    from datasets_lvs import GetAudioVideoDataset  # noqa: E402
    from model_lvs import AVENet  # noqa: E402
    from torchvision.models import resnet18  # noqa: E402

    annotations = os.path.abspath(a.annotations)
    work = tempfile.mkdtemp(prefix="soundsight-official-evaluate-")
    try:
        os.makedirs(os.path.join(work, "metadata"))
        shutil.copyfile(annotations, os.path.join(work, "metadata", "synthetic3240_bbox.json"))
        os.chdir(work)
        started = time.perf_counter()
        # As test.py builds them for an 'ours' checkpoint on --testset is3.
        lvs_args = easydict.EasyDict({
            "data_path": "", "image_size": 224, "batch_size": a.batch, "n_threads": a.workers, "epsilon": 0.65,
            "epsilon2": 0.4, "tri_map": True, "Neg": True, "random_threshold": 1, "soft_ep": 1, "test_gt_path": "",
            "testset": "is3", "visualize": False, "pth_name": "ours.pth",
        })
        model = AVENet(lvs_args)
        if a.save_checkpoint:
            torch.save({"model_state_dict": model.state_dict()}, a.save_checkpoint)
            return
        model = nn.DataParallel(model)
        saliency = resnet18(pretrained=False)
        saliency.avgpool = nn.Identity()
        saliency.fc = nn.Sequential(nn.Unflatten(1, (512, 7, 7)), official_test.NormReducer(dim=1), official_test.Unsqueeze(1))
        dataset = GetAudioVideoDataset(lvs_args, mode="test")
        lvs_args.image_path = dataset.image_path
        loader = torch.utils.data.DataLoader(dataset, batch_size=a.batch, shuffle=False, num_workers=a.workers)
        with contextlib.redirect_stdout(sys.stderr), torch.no_grad():
            official_test.validate_lvs(loader, model, saliency, os.path.join(work, "viz"), lvs_args)
        seconds = time.perf_counter() - started
        print(json.dumps({"seconds": seconds, "entries": len(dataset), "threads": a.threads, "batch": a.batch, "workers": a.workers}))
    finally:
        os.chdir("/")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
