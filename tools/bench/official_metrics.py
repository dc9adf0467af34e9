"""Times the authors' metric code (utils.Evaluator_iiou of github.com/kaistmm/SSLalignment) on saved maps.

Used by `soundsight bench evaluate --official DIR`: it scores the same .npy maps and IS3-style annotation json
that SoundSight scores, the way test.py::validate_lvs does it for every non-VGG-SS set: the ground truth map from
the box (datasets_lvs.bbox2gtmap), pred = normalize_img(map), median threshold sorted(pred)[N/2] into cal_CIOU,
adaptive threshold sorted(pred)[N - k] into cal_CIOU_adap, interactive grouping by the name without its last
'_' part, then finalize_cIoU / finalize_AUC / finalize_IAUC / finalize_IAUC_adap. The official code is imported
from --official (never copied). Prints one JSON line: timings (seconds per repeat, median maps/s) and metrics.
"""
import argparse
import json
import os
import statistics
import sys
import time
import types

import numpy as np


def import_official(official_dir):
    official_dir = os.path.abspath(official_dir)
    if not os.path.exists(os.path.join(official_dir, "utils.py")):
        sys.exit(f"{official_dir}: not a checkout of kaistmm/SSLalignment (utils.py missing)")
    sys.path.insert(0, official_dir)
    try:
        import pandas  # noqa: F401  (datasets_lvs imports it at the top; bbox2gtmap does not use it)
    except ImportError:
        sys.modules["pandas"] = types.ModuleType("pandas")
    import datasets_lvs  # noqa: E402  (official code)
    import utils  # noqa: E402  (official code)
    return utils, datasets_lvs


def score(utils, datasets_lvs, entries, maps_dir):
    evaluator = utils.Evaluator_iiou()
    for entry in entries:
        name = entry["image"].split("/")[-1]
        stem = name.split(".")[0]
        heatmap = np.load(os.path.join(maps_dir, stem + ".npy"))
        gt_map = datasets_lvs.bbox2gtmap([[int(v) for v in entry["gt_box"]]], "is3")
        pred = utils.normalize_img(heatmap)
        threshold = np.sort(pred.flatten())[int(pred.shape[0] * pred.shape[1] / 2)]
        evaluator.cal_CIOU(pred, gt_map, threshold)
        gt_nums = (gt_map != 0).sum()
        if int(gt_nums) == 0:
            gt_nums = int(pred.shape[0] * pred.shape[1]) // 2
        threshold = np.sort(pred.flatten())[int(pred.shape[0] * pred.shape[1]) - int(gt_nums)]
        evaluator.cal_CIOU_adap(pred, gt_map, threshold)
        short_name = "_".join(name.replace(".jpg", "").split("_")[:-1])
        evaluator.iou.setdefault(short_name, []).append(evaluator.ciou[-1])
        evaluator.iou_adap.setdefault(short_name, []).append(evaluator.ciou_adap[-1])
    ciou, ciou_adap, iiou, iiou_adap = evaluator.finalize_cIoU()
    auc, auc_adap = evaluator.finalize_AUC()
    return {
        "cIoU": float(ciou), "AUC": float(auc), "cIoU_adaptive": float(ciou_adap), "AUC_adaptive": float(auc_adap),
        "IIoU": float(iiou), "IAUC": float(evaluator.finalize_IAUC()), "IIoU_adaptive": float(iiou_adap),
        "IAUC_adaptive": float(evaluator.finalize_IAUC_adap()),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--official", required=True)
    parser.add_argument("--annotations", required=True)
    parser.add_argument("--maps", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    utils, datasets_lvs = import_official(args.official)
    with open(args.annotations) as f:
        entries = json.load(f)
    seconds = []
    metrics = None
    for _ in range(args.repeats):
        start = time.perf_counter()
        metrics = score(utils, datasets_lvs, entries, args.maps)
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    print(json.dumps({"maps": len(entries), "seconds": seconds, "maps_per_s_median": len(entries) / median, "metrics": metrics}))


if __name__ == "__main__":
    main()
