"""Golden fixtures for the evaluation metrics, computed by the authors' own utils.Evaluator_iiou and the gt-map
builder of datasets_lvs (bbox2gtmap), called the way test.py::validate_lvs calls them.

Regenerate (from the repo root):
    /usr/bin/python3 tools/golden/evaluation_fixtures.py --official /work/ref/SSLalignment \
        --out tests/SoundSight.Tests/Fixtures/Evaluation

Maps are not stored: each is drawn from a counter-based SplitMix64 stream (seed and recipe in the fixture), which
the C# tests reproduce bit for bit, so hundreds of 224 x 224 maps cost a few bytes each. Recipes cover float32 and
float64 maps, heavy ties (few quantisation levels), constant maps, negative ranges, empty boxes, boxes on the
border, and entries in shuffled order (the two entries of an IS3 image are never adjacent on purpose).

Per sample, as validate_lvs: pred = normalize_img(map) (in the map's dtype), threshold = sorted(pred)[N/2],
adaptive threshold = sorted(pred)[N - k] (k = non-zero gt pixels, N // 2 when 0), cal_CIOU / cal_CIOU_adap,
entries grouped by '_'.join(name.replace('.jpg','').split('_')[:-1]). OGL as validate_lvs: pred_obj = 1 -
normalize_img(-saliency), fused = normalize_img(pred * 0.4 + pred_obj * (1 - 0.4)).

When sklearn, matplotlib or pandas are missing (Debian's python3-sklearn not installed), small stand-ins are
registered before importing the official modules: sklearn.metrics.auc as in scikit-learn 1.2 (direction *
np.trapz(y, x), x increasing here), and empty modules for the plotting/data imports the metrics never call.
"""
import argparse
import importlib
import json
import os
import sys
import types

import numpy as np

N = 224
MASK64 = (1 << 64) - 1


def install_stand_ins():
    try:
        importlib.import_module("sklearn.metrics")
    except ImportError:
        sklearn = types.ModuleType("sklearn")
        metrics = types.ModuleType("sklearn.metrics")

        def auc(x, y):
            x = np.asarray(x).ravel()
            y = np.asarray(y).ravel()
            direction = 1
            dx = np.diff(x)
            if np.any(dx < 0):
                if np.all(dx <= 0):
                    direction = -1
                else:
                    raise ValueError("x is neither increasing nor decreasing")
            return direction * np.trapz(y, x)

        metrics.auc = auc
        sklearn.metrics = metrics
        sys.modules["sklearn"] = sklearn
        sys.modules["sklearn.metrics"] = metrics
    for name in ["matplotlib", "matplotlib.pyplot", "pandas", "easydict"]:
        try:
            importlib.import_module(name)
        except ImportError:
            sys.modules[name] = types.ModuleType(name)
    sys.modules["matplotlib"].pyplot = sys.modules["matplotlib.pyplot"]


def splitmix(seed, count):
    """Counter-based SplitMix64: value i = mix(seed + (i + 1) * golden); returns doubles in [0, 1)."""
    i = np.arange(1, count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + i * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)


def make_map(recipe):
    """recipe: {seed, dtype: f4|f8, levels (0 = continuous), scale, offset, constant (optional)}."""
    dtype = np.float32 if recipe["dtype"] == "f4" else np.float64
    if "constant" in recipe:
        return np.full((N, N), recipe["constant"], dtype=dtype)
    u = splitmix(recipe["seed"], N * N)
    if recipe["levels"] > 0:
        u = np.floor(u * recipe["levels"]) / recipe["levels"]
    v = (u * recipe["scale"] + recipe["offset"]).reshape(N, N)
    if "boost" in recipe:
        # A map that (roughly) finds the object: the box area raised by a constant, so IoUs spread over [0, 1].
        x1, y1, x2, y2 = recipe["boost_box"]
        v[y1:y2, x1:x2] += recipe["boost"]
    return v.astype(dtype)


def random_recipe(rng, seed, box=None):
    recipe = plain_recipe(rng, seed)
    if box is not None and "constant" not in recipe and rng.integers(0, 3) > 0:
        jitter = rng.integers(-20, 21, size=4)
        b = [int(min(N, max(0, v + j))) for v, j in zip(box, jitter)]
        recipe["boost_box"] = [min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3])]
        recipe["boost"] = float(recipe["scale"] * rng.choice([0.5, 1.0, 3.0]))
    return recipe


def plain_recipe(rng, seed):
    kind = rng.integers(0, 10)
    dtype = "f4" if rng.integers(0, 2) == 0 else "f8"
    if kind == 0:
        return {"seed": seed, "dtype": dtype, "levels": 0, "scale": 1.0, "offset": 0.0, "constant": float(rng.choice([0.0, 0.25, -3.5]))}
    levels = int(rng.choice([2, 3, 7, 16, 255])) if kind in (1, 2, 3) else 0
    scale = float(rng.choice([1.0, 2.0, 1000.0, 1e-3]))
    offset = float(rng.choice([0.0, -0.5, -1.0, 7.25]))
    return {"seed": seed, "dtype": dtype, "levels": levels, "scale": scale, "offset": offset}


def random_box(rng):
    """[x1, y1, x2, y2] in 224 px; some empty, some on the border."""
    kind = rng.integers(0, 12)
    if kind == 0:
        x = int(rng.integers(0, N + 1))
        y = int(rng.integers(0, N + 1))
        return [x, y, x, int(rng.integers(y, N + 1))]  # empty (zero width)
    if kind == 1:
        return [0, 0, N, N]
    x1, x2 = sorted(int(v) for v in rng.integers(0, N + 1, size=2))
    y1, y2 = sorted(int(v) for v in rng.integers(0, N + 1, size=2))
    return [x1, y1, x2, y2]


class Official:
    def __init__(self, path):
        sys.path.insert(0, path)
        install_stand_ins()
        self.utils = importlib.import_module("utils")
        try:
            self.bbox2gtmap = importlib.import_module("datasets_lvs").bbox2gtmap
        except ImportError as e:  # pragma: no cover - depends on the machine
            raise SystemExit(f"cannot import datasets_lvs from {path}: {e}")

    def score(self, names, maps, gt_maps, saliency=None):
        utils = self.utils
        evaluator = utils.Evaluator_iiou()
        evaluator_ogl = utils.Evaluator_iiou()
        for k, (name, m, gt_map) in enumerate(zip(names, maps, gt_maps)):
            pred = utils.normalize_img(m)
            threshold = np.sort(pred.flatten())[int(pred.shape[0] * pred.shape[1] / 2)]
            evaluator.cal_CIOU(pred, gt_map, threshold)
            gt_nums = (gt_map != 0).sum()
            if int(gt_nums) == 0:
                gt_nums = int(pred.shape[0] * pred.shape[1]) // 2
            threshold = np.sort(pred.flatten())[int(pred.shape[0] * pred.shape[1]) - int(gt_nums)]
            evaluator.cal_CIOU_adap(pred, gt_map, threshold)
            short_name = '_'.join(name.split('/')[-1].replace('.jpg', '').split('_')[:-1])
            if short_name in evaluator.iou.keys():
                evaluator.iou_adap[short_name].append(evaluator.ciou_adap[-1])
                evaluator.iou[short_name].append(evaluator.ciou[-1])
            else:
                evaluator.iou_adap[short_name] = [evaluator.ciou_adap[-1]]
                evaluator.iou[short_name] = [evaluator.ciou[-1]]
            if saliency is not None:
                pred_obj = 1 - utils.normalize_img(-saliency[k])
                pred_av_obj = utils.normalize_img(pred * 0.4 + pred_obj * (1 - 0.4))
                threshold = np.sort(pred_av_obj.flatten())[int(pred_av_obj.shape[0] * pred_av_obj.shape[1] / 2)]
                evaluator_ogl.cal_CIOU(pred_av_obj, gt_map, threshold)
                threshold = np.sort(pred_av_obj.flatten())[int(pred_av_obj.shape[0] * pred_av_obj.shape[1]) - int(gt_nums)]
                evaluator_ogl.cal_CIOU_adap(pred_av_obj, gt_map, threshold)
        ciou, ciou_adap, iiou, iiou_adap = evaluator.finalize_cIoU()
        auc, auc_adap = evaluator.finalize_AUC()
        result = {
            "samples": len(names),
            "cIoU": float(ciou), "AUC": float(auc), "cIoU_adaptive": float(ciou_adap), "AUC_adaptive": float(auc_adap),
            "mIoU": float(np.mean(evaluator.ciou)),
            "IIoU": float(iiou), "IAUC": float(evaluator.finalize_IAUC()),
            "IIoU_adaptive": float(iiou_adap), "IAUC_adaptive": float(evaluator.finalize_IAUC_adap()),
            "iou": [float(v) for v in evaluator.ciou], "iou_adaptive": [float(v) for v in evaluator.ciou_adap],
        }
        if saliency is not None:
            c, ca, _, _ = evaluator_ogl.finalize_cIoU()
            a, aa = evaluator_ogl.finalize_AUC()
            result["ogl"] = {"cIoU": float(c), "AUC": float(a), "cIoU_adaptive": float(ca), "AUC_adaptive": float(aa),
                             "mIoU": float(np.mean(evaluator_ogl.ciou)),
                             "iou": [float(v) for v in evaluator_ogl.ciou], "iou_adaptive": [float(v) for v in evaluator_ogl.ciou_adap]}
        return result


def json_safe(value):
    """NaN is not JSON: written as the string "NaN"."""
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    return value


def is3_case(official, rng, name, images, ogl=False, allow_nan=False):
    entries, recipes, saliency_recipes = [], [], []
    objects = ["guitar", "dog", "piano", "baby", "car", "violin"]
    for i in range(images):
        scene = f"{objects[i % 6]}_{objects[(i + 1) % 6]}_{1000 + i}"
        for obj in (objects[i % 6], objects[(i + 1) % 6]):
            box = random_box(rng)
            entries.append({"image": f"/mnt/authors/machine/visual_frames/{scene}_{obj}.jpg",
                            "audio": f"/mnt/authors/machine/audio_wav/{scene}_{obj}.wav",
                            "gt_box": [float(v) for v in box]})
            recipes.append(random_recipe(rng, int(rng.integers(1, 2**62)), box))
            saliency_recipes.append({"seed": int(rng.integers(1, 2**62)), "dtype": "f4", "levels": int(rng.choice([0, 0, 9])),
                                     "scale": 3.0, "offset": 0.0})
    order = rng.permutation(len(entries))
    entries = [entries[k] for k in order]
    recipes = [recipes[k] for k in order]
    saliency_recipes = [saliency_recipes[k] for k in order]
    if not allow_nan:
        # 0/0 IoU (empty gt and empty prediction) is NaN in the official code; keep such cases in their own fixture.
        for e, r in zip(entries, recipes):
            if "constant" in r and e["gt_box"][0] == e["gt_box"][2]:
                e["gt_box"][2] = min(N, e["gt_box"][0] + 5.0)
                e["gt_box"][0] = e["gt_box"][2] - 5.0
    names = [e["image"].split("/")[-1] for e in entries]
    maps = [make_map(r) for r in recipes]
    gts = [official.bbox2gtmap([[int(v) for v in e["gt_box"]]], "is3") for e in entries]
    sal = [make_map(r) for r in saliency_recipes] if ogl else None
    expected = official.score(names, maps, gts, sal)
    return {"name": name, "benchmark": "is3", "annotations": entries, "maps": recipes,
            "saliency": saliency_recipes if ogl else None, "expected": json_safe(expected)}


def box_json_case(official, rng, benchmark, count):
    """AVSBench S4/MS3 and VPO single/multi-source box sets: the authors' {image, audio, gt_box} lists, named and
    grouped as datasets_lvs and validate_lvs name them (S4 keeps class/video/frame, MS3 video/frame, VPO the file),
    boxes truncated with int() by load_all_bboxes and drawn by bbox2gtmap(format=benchmark)."""
    entries, recipes, names = [], [], []
    for i in range(count):
        if benchmark == "s4":
            vid = f"s4vid{i // 5:03d}Xy"
            image = f"/mnt/lynx3/datasets/AVSbench/Single-source/s4_data/visual_frames/test/helicopter/{vid}/{vid}_{i % 5 + 1}.png"
            audio = f"/mnt/lynx3/datasets/AVSbench/Single-source/s4_data/audio_wav/test/helicopter/{vid}.wav"
            name = "/".join(image.split("/")[-3:])
        elif benchmark == "ms3":
            vid = f"ms3vid{i // 5:03d}_{i % 3 + 1}"
            image = f"/mnt/lynx3/datasets/AVSbench/Multi-sources/ms3_data/visual_frames/{vid}/{vid}.mp4_{i % 5 + 1}.png"
            audio = f"/mnt/lynx3/datasets/AVSbench/Multi-sources/ms3_data/audio_wav/test/{vid}.wav"
            name = "/".join(image.split("/")[-2:])
        else:
            coco = f"{100000 + (i // 2 if benchmark == 'vpoms' else i):012d}"
            stem = f"{coco}_{int(rng.integers(100000, 999999))}"
            image = f"/mnt/lynx2/users/arda/SSL_COCO/COCO_AV/visual_frames/{stem}.jpg"
            audio = f"/mnt/lynx2/users/arda/SSL_COCO/COCO_AV/audio_wav/{stem}.wav"
            name = image.split("/")[-1]
        box = random_box(rng)
        # Fractions as some real annotations carry them: load_all_bboxes truncates with int().
        gt_box = [float(v) + (float(rng.choice([0.0, 0.25, 0.75])) if v < N else 0.0) for v in box]
        entries.append({"image": image, "audio": audio, "gt_box": gt_box})
        recipes.append(random_recipe(rng, int(rng.integers(1, 2**62)), box))
        names.append(name)
    order = rng.permutation(len(entries))
    entries = [entries[k] for k in order]
    recipes = [recipes[k] for k in order]
    names = [names[k] for k in order]
    for e, r in zip(entries, recipes):
        if "constant" in r and int(e["gt_box"][0]) == int(e["gt_box"][2]):
            e["gt_box"] = [100.0, 100.0, 120.0, 130.0]  # 0/0 IoU is NaN officially: is3_degenerate covers that
    maps = [make_map(r) for r in recipes]
    gts = [official.bbox2gtmap([[int(v) for v in e["gt_box"]]], benchmark) for e in entries]
    expected = official.score(names, maps, gts)
    return {"name": f"{benchmark}_random", "benchmark": benchmark, "annotations": entries, "maps": recipes,
            "saliency": None, "expected": json_safe(expected)}


def vggss_case(official, rng, name, count):
    entries, recipes = [], []
    for i in range(count):
        boxes = []
        for _ in range(int(rng.integers(1, 4))):
            x1, x2 = sorted(rng.uniform(-0.2, 1.2, size=2))
            y1, y2 = sorted(rng.uniform(-0.2, 1.2, size=2))
            boxes.append([float(x1), float(y1), float(x2), float(y2)])
        ytid = "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"), size=11))
        entries.append({"file": f"{ytid}_{int(rng.integers(0, 300)):06d}", "class": str(rng.choice(["dog barking", "playing piano", "helicopter"])), "bbox": boxes})
        first = (np.clip(np.array(boxes[0]), 0, 1) * 224).astype(int).tolist()
        recipes.append(random_recipe(rng, int(rng.integers(1, 2**62)), first))
    names = []
    gts = []
    for e in entries:
        ytid, start = e["file"][:11], int(e["file"][12:])
        names.append(f"{ytid}_{start * 1000}_{(start + 10) * 1000}.mp4")
        boxes = [(np.clip(np.array(b), 0, 1) * 224).astype(int) for b in e["bbox"]]
        gts.append(official.bbox2gtmap(boxes, "vggss"))
    maps = [make_map(r) for r in recipes]
    expected = official.score(names, maps, gts)
    return {"name": name, "benchmark": "vggss", "annotations": entries, "maps": recipes, "saliency": None, "expected": json_safe(expected)}


def flickr_case(official, rng, name, count):
    files, recipes, names, gts = {}, [], [], []
    for i in range(count):
        ident = str(10000000000 + int(rng.integers(0, 10**9)))
        boxes256 = []
        for _ in range(int(rng.integers(1, 5))):
            x1, x2 = sorted(int(v) for v in rng.integers(0, 257, size=2))
            y1, y2 = sorted(int(v) for v in rng.integers(0, 257, size=2))
            boxes256.append([x1, y1, x2, y2])
        xml = "<annotation>\n"
        for b in boxes256:
            xml += "  <object>\n    <bbox>\n      <id>%d</id>\n      <xmin>%d</xmin>\n      <ymin>%d</ymin>\n      <xmax>%d</xmax>\n      <ymax>%d</ymax>\n    </bbox>\n  </object>\n" % (
                len(files), b[0], b[1], b[2], b[3])
        xml += "</annotation>\n"
        files[ident] = xml
        recipes.append(random_recipe(rng, int(rng.integers(1, 2**62)), [int(224 * v / 256) for v in boxes256[0]]))
        names.append(ident + ".mp4")
        boxes = [[int(224 * v / 256) for v in b] for b in boxes256]
        gts.append(official.bbox2gtmap(boxes, "flickr"))
    maps = [make_map(r) for r in recipes]
    expected = official.score(names, maps, gts)
    return {"name": name, "benchmark": "flickr", "annotations": files, "maps": recipes, "saliency": None, "expected": json_safe(expected)}


def make_mask(recipe):
    """recipe: {seed, box [x1, y1, x2, y2], amp}: 8-bit grey, 255 inside the box, plus noise of amplitude amp."""
    u = splitmix(recipe["seed"], N * N).reshape(N, N)
    inside = np.zeros((N, N))
    x1, y1, x2, y2 = recipe["box"]
    inside[y1:y2, x1:x2] = 1.0
    return np.clip((inside * 255 + (u - 0.5) * recipe["amp"]).astype(np.int64), 0, 255).astype(np.uint8)


def segmentation_case(aclssl, rng, count):
    """The authors' AVSBench Evaluator (mask_iou at the median threshold, Eval_Fmeasure), one sample per batch, on
    masks read as their loader reads them: Image.open(png).convert('1') (Pillow's Floyd-Steinberg), ToTensor."""
    import tempfile
    import torch
    from PIL import Image
    sys.path.insert(0, os.path.join(aclssl, "AVSBench"))
    evaluator = importlib.import_module("eval_utils").Evaluator()
    masks, recipes, bilevel = [], [], []
    for i in range(count):
        box = random_box(rng) if i % 4 else [0, 0, 0, 0]
        mask = {"seed": int(rng.integers(1, 2**62)), "box": [int(v) for v in box], "amp": float(rng.choice([0.0, 40.0, 300.0]))}
        masks.append(mask)
        recipes.append(random_recipe(rng, int(rng.integers(1, 2**62)), box))
    with tempfile.TemporaryDirectory() as tmp:
        for i, (mask, recipe) in enumerate(zip(masks, recipes)):
            path = os.path.join(tmp, f"{i}.png")
            Image.fromarray(make_mask(mask), "L").save(path)
            import torchvision.transforms as vt
            gt = vt.ToTensor()(Image.open(path).convert("1")).float()
            bilevel.append(int(gt.sum().item()))
            pred = torch.from_numpy(np.asarray(official_normalize(make_map(recipe)), dtype=np.float32)).unsqueeze(0)
            evaluator.evaluate_batch(pred.unsqueeze(0), gt.unsqueeze(0))
    f_curve = np.mean(evaluator.F, axis=0)
    return {"name": "segmentation", "benchmark": "s4", "masks": masks, "maps": recipes, "mask_on_pixels": bilevel,
            "thresholds": [float(v) for v in torch.linspace(0, 1 - 1e-10, 255)],
            "expected": {"mIoU": float(evaluator.finalize_mIoU()), "Fmeasure": float(evaluator.finalize_Fmeasure()),
                         "iou": [float(v) for v in evaluator.miou], "f_curve": [float(v) for v in f_curve]}}


def silent_case(official, rng, count):
    """SLAVC's EvaluatorFull (utils.py) fed as the commented-out block of test.py feeds it, on random raw similarity
    maps (float32, cosine / 0.03 range) with one or two boxes, or none for a non-sounding pair. finalize_stats is the
    official one (its pdb.set_trace calls disabled); its F1 list is printed rounded, so the exact list is recomputed
    with the official calc_precision_recall at the thresholds finalize_stats uses."""
    import pdb
    pdb.set_trace = lambda *a, **k: None
    utils = official.utils
    evaluator = utils.EvaluatorFull()
    entries = []
    n = N * N
    min_max_norm = lambda x, xmin, xmax: (x - xmin) / (xmax - xmin)
    for i in range(count):
        silent = rng.integers(0, 3) == 0
        boxes = [] if silent else [random_box(rng) for _ in range(int(rng.integers(1, 3)))]
        boxes = [b for b in boxes if b[2] > b[0] and b[3] > b[1]] if not silent else boxes
        if not silent and not boxes:
            boxes = [[20, 30, 120, 140]]
        recipe = {"seed": int(rng.integers(1, 2**62)), "dtype": "f4", "levels": 0, "scale": float(rng.choice([10.0, 30.0, 60.0])), "offset": float(rng.choice([-30.0, -10.0, -5.0]))}
        if boxes and rng.integers(0, 3) > 0:
            recipe["boost_box"] = boxes[0]
            recipe["boost"] = float(rng.choice([2.0, 10.0, 25.0]))
        raw = make_map(recipe)
        gt = np.zeros((N, N))
        for x1, y1, x2, y2 in boxes:
            gt[y1:y2, x1:x2] = 1
        scores_av = min_max_norm(raw, -1. / 0.03, 1. / 0.03)
        conf_av = np.sort(scores_av.flatten())[-n // 4:].mean()
        pred_av = utils.normalize_img(raw)
        thr_av = np.sort(pred_av.flatten())[int(n * 0.5)]
        evaluator.update(boxes, gt, conf_av, pred_av, thr_av, f"s{i:03d}")
        entries.append({"boxes": boxes, "map": recipe})
    stats = evaluator.finalize_stats()
    expected = {"confidence": [float(c) for c in evaluator.confidence_list], "ciou": [float(c) for c in evaluator.ciou_list]}
    for subset in ["all", "visible"]:
        idx = [k for k, b in enumerate(evaluator.bb_list) if subset == "all" or b > 0]
        bb = [evaluator.bb_list[k] for k in idx]
        ci = [evaluator.ciou_list[k] for k in idx]
        co = [evaluator.confidence_list[k] for k in idx]
        thr = list(sorted(co))[::max(1, len(co) // 10)]
        pr = [evaluator.calc_precision_recall(bb, ci, co, t, 0.5) for t in thr]
        f1 = [2 * r * p / (r + p) if r + p > 0 else 0. for p, r in pr]
        expected[subset] = {"precision": float(stats[f"Precision-{subset}@50"]), "ap": float(stats[f"AP-{subset}@50"]),
                            "auc": float(stats[f"AUC-{subset}@50"]), "f1": [float(v) for v in f1], "max_f1": float(max(f1)),
                            "f1_printed": stats[f"F1-{subset}@50"]}
    return {"name": "silent_pairs", "tau": 0.03, "entries": entries, "expected": expected}


def official_normalize(m):
    vmin, vmax = m.min(), m.max()
    return (m - vmin) / (vmax - vmin) if vmax != vmin else m


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--official", required=True, help="SSLalignment checkout")
    parser.add_argument("--out", required=True)
    parser.add_argument("--aclssl", help="ssl_kccv/ACLSSL checkout: also write the segmentation fixture (its AVSBench Evaluator)")
    parser.add_argument("--silent", action="store_true", help="also write silent_pairs.json (SLAVC's EvaluatorFull on sets with non-sounding pairs)")
    args = parser.parse_args()
    official = Official(args.official)
    rng = np.random.default_rng(20261125)
    os.makedirs(args.out, exist_ok=True)
    cases = [
        is3_case(official, rng, "is3_random", 60, ogl=True),
        is3_case(official, rng, "is3_small", 3),
        is3_case(official, rng, "is3_degenerate", 12, allow_nan=True),
        vggss_case(official, rng, "vggss_random", 80),
        flickr_case(official, rng, "flickr_random", 40),
    ]
    boxes = np.random.default_rng(20261204)  # its own stream: the cases above keep their bytes
    extra = [box_json_case(official, boxes, b, 30) for b in ("s4", "ms3", "vposs", "vpoms")]
    # Make sure the degenerate fixture really holds a 0/0 sample.
    cases[2]["annotations"][0]["gt_box"] = [10.0, 10.0, 10.0, 50.0]
    cases[2]["maps"][0] = {"seed": 1, "dtype": "f4", "levels": 0, "scale": 1.0, "offset": 0.0, "constant": 0.5}
    e = cases[2]
    names = [a["image"].split("/")[-1] for a in e["annotations"]]
    maps = [make_map(r) for r in e["maps"]]
    gts = [official.bbox2gtmap([[int(v) for v in a["gt_box"]]], "is3") for a in e["annotations"]]
    e["expected"] = json_safe(official.score(names, maps, gts))
    cases += extra
    for case in cases:
        with open(os.path.join(args.out, case["name"] + ".json"), "w") as f:
            json.dump(case, f, indent=1)
    if args.aclssl:
        seg = segmentation_case(args.aclssl, np.random.default_rng(20261126), 24)
        with open(os.path.join(args.out, "segmentation.json"), "w") as f:
            json.dump(seg, f, indent=1)
        print("segmentation", {k: seg["expected"][k] for k in ["mIoU", "Fmeasure"]})
    if args.silent:
        silent = silent_case(official, np.random.default_rng(20261127), 48)
        with open(os.path.join(args.out, "silent_pairs.json"), "w") as f:
            json.dump(silent, f, indent=1)
        print("silent_pairs", {k: silent["expected"]["all"][k] for k in ["precision", "ap", "max_f1", "auc"]})
    # A check of the generator itself, which the C# tests compare against (first values of one stream).
    with open(os.path.join(args.out, "splitmix.json"), "w") as f:
        json.dump({"seed": 12345, "values": [float(v) for v in splitmix(12345, 8)]}, f)
    for case in cases:
        ex = case["expected"]
        print(case["name"], {k: ex[k] for k in ["samples", "cIoU", "AUC", "cIoU_adaptive", "AUC_adaptive", "mIoU", "IIoU", "IAUC"]})


if __name__ == "__main__":
    main()
