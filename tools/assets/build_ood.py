#!/usr/bin/python3
"""Builds SoundSight's out-of-distribution test kit from Debian packages that share nothing with the embedded kit.

  build_ood.py kit --out /tmp/ood-kit     # cut-outs (Open Clip Art Library) and sounds (MuseScore General)

Pictures: each chosen drawing (ood_spec.PICTURES) as RGBA, cropped to its alpha, scaled so that its longer side is
ood_spec.PICTURE_SIDE (Lanczos). Sounds: the embedded kit's phrase generator (build_kit.phrase, the same General
MIDI programs and drum notes per category) with other seeds, all clips of the kit rendered by fluidsynth from
MuseScore_General_Lite.sf3 in one pass (one clip per 10-s slot of one MIDI file, then cut apart), and levelled
as the embedded kit's (build_kit.level). tools/assets/build-ood.sh composes the shipped test set from this kit.
"""
import argparse
import csv
import hashlib
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
import soundfile
from PIL import Image
from scipy import signal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_kit  # noqa: E402
import kit_spec  # noqa: E402
import ood_spec as spec  # noqa: E402

SLOT_SECONDS = 10.0  # a phrase lasts CLIP_SECONDS + 0.5 s; its release tails die long before the next slot
LICENCES = {
    "clipart": ("Open Clip Art Library 0.18 (Debian openclipart-png)", "public domain (CC PD dedication)"),
    "fluidsynth": ("MuseScore_General_Lite.sf3 (Debian musescore-general-soundfont-small) rendered by fluidsynth", "MIT"),
}


def make_image(relative, out):
    image = Image.open(os.path.join(spec.CLIPART, relative)).convert("RGBA")
    alpha = np.asarray(image.getchannel("A"))
    ys, xs = np.nonzero(alpha > 127)
    image = image.crop((int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))
    scale = spec.PICTURE_SIDE / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    image = image.resize(size, Image.LANCZOS)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    image.save(out, format="PNG", optimize=True)
    return f"{relative}, cropped to its alpha, {image.width}x{image.height} RGBA"


def clips():
    return [(category, clip) for category in spec.PICTURES for clip in range(spec.CLIPS_PER_CATEGORY)]


def render_sounds(out):
    """Every clip in one fluidsynth run: clip k's phrase starts at k * SLOT_SECONDS (its programs set there)."""
    all_clips = clips()
    merged = build_kit.Midi()
    for k, (category, clip) in enumerate(all_clips):
        one = build_kit.phrase(random.Random(f"ood/{category}/{clip}"), kit_spec.SOUNDS[category], clip)
        offset = k * SLOT_SECONDS
        merged.events.extend((seconds + offset, order, data) for seconds, order, data in one.events)
    with tempfile.TemporaryDirectory() as tmp:
        midi, raw = os.path.join(tmp, "phrases.mid"), os.path.join(tmp, "raw.wav")
        merged.write(midi)
        command = ["fluidsynth", "-n", "-i", "-q", "-R", "0", "-C", "0", "-g", "0.6", "-r", str(kit_spec.SAMPLE_RATE),
                   "-O", "float", "-T", "wav", "-F", raw, spec.SOUNDFONT, midi]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data, rate = soundfile.read(raw, dtype="float64", always_2d=True)
    mono = data.mean(axis=1)
    if rate != kit_spec.SAMPLE_RATE:
        mono = signal.resample_poly(mono, kit_spec.SAMPLE_RATE, rate)
    rows = []
    slot = int(SLOT_SECONDS * kit_spec.SAMPLE_RATE)
    for k, (category, clip) in enumerate(all_clips):
        rel = f"sounds/{category}/{category}-{clip}.wav"
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        soundfile.write(path, build_kit.level(mono[k * slot:(k + 1) * slot]), kit_spec.SAMPLE_RATE, subtype="PCM_16")
        program = kit_spec.SOUNDS[category].get("programs", [kit_spec.SOUNDS[category].get("program", "drum kit")])
        rows.append([rel, "sound", category, f"{LICENCES['fluidsynth'][0]}: slot {k} of one render, seed ood/{category}/{clip}, GM {program}", LICENCES["fluidsynth"][1]])
    return rows


def build(out):
    rows = []
    for category, files in spec.PICTURES.items():
        for n, relative in enumerate(files):
            rel = f"images/{category}/{category}-{n}.png"
            rows.append([rel, "image", category, f"{LICENCES['clipart'][0]}: {make_image(relative, os.path.join(out, rel))}", LICENCES["clipart"][1]])
    rows += render_sounds(out)
    for row in rows:
        with open(os.path.join(out, row[0]), "rb") as f:
            row.append(hashlib.sha256(f.read()).hexdigest())
    with open(os.path.join(out, "manifest.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["file", "kind", "category", "source", "licence", "sha256"])
        writer.writerows(rows)
    print(f"{len(spec.PICTURES)} categories, {sum(r[1] == 'image' for r in rows)} pictures, {sum(r[1] == 'sound' for r in rows)} sounds in {out}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    k = sub.add_parser("kit")
    k.add_argument("--out", required=True)
    args = parser.parse_args()
    build(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
