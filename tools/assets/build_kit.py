#!/usr/bin/python3
"""Builds SoundSight's embedded asset kit (object cut-outs and sounds) from files Debian ships.

  build_kit.py all --out assets/kit              # every file, the manifest and the licences
  build_kit.py image --category dog --sequence 1F415 --out x.png
  build_kit.py sound --category piano --clip 3 --out x.wav
  build_kit.py check --kit assets/kit            # rebuild into a temporary folder and compare with the kit

Pictures are the 109-ppem bitmaps (136 x 128) of Noto Color Emoji, taken from the font's CBDT table as they
are (no rasteriser in between), converted to RGBA and cropped to their alpha; the alpha channel is the exact
object mask. Sounds are rendered by fluidsynth from FluidR3_GM.sf2 (General MIDI instruments and effects,
phrases with varied pitch, velocity and rhythm, seeded per clip) or spoken by espeak-ng, then mixed to mono,
cut to CLIP_SECONDS, faded and levelled, and written as 16 kHz 16-bit PCM WAV.
"""
import argparse
import csv
import hashlib
import io
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np
import soundfile
from PIL import Image
from scipy import signal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kit_spec as spec  # noqa: E402

FONT = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
SCRIPT = "tools/assets/build_kit.py"
LICENCES = {
    "emoji": ("Noto Color Emoji (Debian fonts-noto-color-emoji)", "OFL-1.1"),
    "emojione": ("EmojiOne 2.2 PNG (Debian ruby-gemojione)", "CC-BY-SA-4.0"),
    "symbola": ("Symbola (Debian fonts-symbola)", "Symbola licence: free for any use"),
    "fluidsynth": ("FluidR3_GM.sf2 (Debian fluid-soundfont-gm) rendered by fluidsynth", "MIT"),
    "espeak": ("espeak-ng voice output (Debian espeak-ng); text written for SoundSight", "espeak-ng output, text CC0-1.0"),
}


# ---------------------------------------------------------------- pictures

class EmojiFont:
    def __init__(self, path=FONT):
        from fontTools.ttLib import TTFont
        self.font = TTFont(path)
        self.cmap = self.font.getBestCmap()
        self.strike = self.font["CBDT"].strikeData[0]
        self.ppem = self.font["CBLC"].strikes[0].bitmapSizeTable.ppemX
        self.ligatures = {}
        for lookup in self.font["GSUB"].table.LookupList.Lookup:
            for sub in lookup.SubTable:
                if sub.LookupType == 7:
                    sub = sub.ExtSubTable
                if getattr(sub, "LookupType", None) == 4:
                    for first, ligs in sub.ligatures.items():
                        for lig in ligs:
                            self.ligatures.setdefault(first, []).append((tuple(lig.Component), lig.LigGlyph))

    def glyph(self, sequence):
        """The glyph the font draws for a code-point sequence (with or without FE0F), or None."""
        for seq in (sequence, [c for c in sequence if c != "FE0F"]):
            glyphs = [self.cmap.get(int(c, 16)) for c in seq]
            if any(g is None for g in glyphs):
                continue
            if len(glyphs) == 1:
                return glyphs[0]
            for components, lig in self.ligatures.get(glyphs[0], []):
                if list(components) == glyphs[1:]:
                    return lig
        return None

    def cutout(self, sequence):
        name = self.glyph(sequence)
        if name is None or name not in self.strike:
            raise SystemExit(f"error: {'-'.join(sequence)}: not in {FONT}")
        image = Image.open(io.BytesIO(self.strike[name].imageData)).convert("RGBA")
        return crop_to_alpha(image), name


def crop_to_alpha(image):
    """Crops an RGBA picture to its alpha (one pixel of margin) and blanks the colour of invisible pixels."""
    alpha = np.asarray(image)[:, :, 3]
    ys, xs = np.nonzero(alpha)
    box = (max(0, xs.min() - 1), max(0, ys.min() - 1), min(image.width, xs.max() + 2), min(image.height, ys.max() + 2))
    pixels = np.asarray(image.crop(box)).copy()
    pixels[pixels[:, :, 3] == 0, :3] = 0  # invisible pixels carry no colour, so files do not depend on it
    return Image.fromarray(pixels, "RGBA")


class EmojiOnePictures:
    """EmojiOne 2.2's 64-px colour PNGs as Debian's ruby-gemojione ships them, one file per sequence."""

    def __init__(self, folder=spec.EMOJIONE):
        self.folder = folder

    def path(self, sequence):
        return os.path.join(self.folder, "-".join(c for c in sequence if c != "FE0F") + ".png")

    def has(self, sequence):
        return os.path.exists(self.path(sequence))

    def cutout(self, sequence):
        if not self.has(sequence):
            raise SystemExit(f"error: {'-'.join(sequence)}: no {self.path(sequence)} (Debian ruby-gemojione)")
        image = Image.open(self.path(sequence)).convert("RGBA")
        # Twice the size, as the other artists' cut-outs are (100-136 px): scenes scale every cut-out anyway, and the
        # kit keeps one size class so that no source is told apart by its sharpness.
        image = image.resize((2 * image.width, 2 * image.height), Image.LANCZOS)
        return crop_to_alpha(image), os.path.basename(self.path(sequence))


class OutlineFont:
    """Symbola's monochrome glyphs, drawn black and filled white inside: the mask is the glyph with its holes filled."""

    def __init__(self, path=spec.SYMBOLA, size=spec.SYMBOLA_SIZE):
        from fontTools.ttLib import TTFont
        from PIL import ImageFont
        self.cmap = TTFont(path).getBestCmap()
        self.font = ImageFont.truetype(path, 4 * size)
        self.size = size

    def has(self, code_point):
        return int(code_point, 16) in self.cmap

    def cutout(self, code_point):
        from PIL import ImageDraw
        from scipy import ndimage
        if not self.has(code_point):
            raise SystemExit(f"error: U+{code_point}: not in {spec.SYMBOLA}")
        # Drawn four times larger than kept, so the fill and the final size come from a finely sampled outline.
        big = 4 * self.size
        canvas = Image.new("L", (2 * big, 2 * big), 0)
        ImageDraw.Draw(canvas).text((big // 2, big // 2), chr(int(code_point, 16)), font=self.font, fill=255)
        ink = np.asarray(canvas).astype(np.float64) / 255.0
        inside = ndimage.binary_fill_holes(ink >= 0.5)
        alpha = np.maximum(ink, inside.astype(np.float64))
        grey = np.round(255.0 * (1.0 - ink)).astype(np.uint8)
        rgba = np.dstack([grey, grey, grey, np.round(255.0 * alpha).astype(np.uint8)])
        image = crop_to_alpha(Image.fromarray(rgba, "RGBA"))
        scale = self.size / max(image.width, image.height)  # the longer side becomes self.size, as Noto's about are
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.LANCZOS)
        return crop_to_alpha(image), self.cmap[int(code_point, 16)]


def image_command(category, sequence, out, source="noto"):
    chosen = "" if source == "noto" else f" --source {source}"
    return f"/usr/bin/python3 {SCRIPT} image --category {category} --sequence {'-'.join(sequence)}{chosen} --out {out}"


def make_image(font, category, sequence, out):
    image, glyph = font.cutout(sequence)
    save_picture(image, out)
    return f"glyph {glyph} of the {font.ppem}-ppem CBDT strike, {image.width}x{image.height} RGBA"


def make_emojione_image(pictures, category, sequence, out):
    image, name = pictures.cutout(sequence)
    save_picture(image, out)
    return f"{name} resized 2x (Lanczos) and cropped to its alpha, {image.width}x{image.height} RGBA"


def make_outline_image(font, category, code_point, out):
    image, glyph = font.cutout(code_point)
    save_picture(image, out)
    return f"glyph {glyph} drawn at {4 * font.size} px, filled white inside, longer side {font.size} px, {image.width}x{image.height} RGBA"


def save_picture(image, out):
    os.makedirs(os.path.dirname(out), exist_ok=True)
    image.save(out, format="PNG", optimize=True)


# ---------------------------------------------------------------- sounds

class Midi:
    """A minimal Standard MIDI File (format 0) writer: one track, times in seconds at 960 ticks per second."""

    def __init__(self):
        self.events = []  # (seconds, order, bytes)

    def program(self, channel, program):
        self.events.append((0.0, 0, bytes([0xC0 | channel, program])))

    def note(self, channel, key, velocity, start, length):
        key = int(min(127, max(0, key)))
        self.events.append((start, 2, bytes([0x90 | channel, key, int(velocity)])))
        self.events.append((start + length, 1, bytes([0x80 | channel, key, 0])))

    def write(self, path):
        track = bytearray(b"\x00\xff\x51\x03\x07\xa1\x20")  # tempo 500000 us per quarter = 120 bpm
        last = 0
        for seconds, _, data in sorted(self.events, key=lambda e: (round(e[0] * 960), e[1])):
            tick = round(seconds * 960)
            track += vlq(tick - last) + data
            last = tick
        track += b"\x00\xff\x2f\x00"
        with open(path, "wb") as f:
            f.write(b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480))
            f.write(b"MTrk" + struct.pack(">I", len(track)) + track)


def vlq(value):
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(out))


MAJOR = [0, 2, 4, 5, 7, 9, 11]
MINOR = [0, 2, 3, 5, 7, 8, 10]


def phrase(rng, sound, clip):
    """The MIDI phrase of one clip: seeded by (category, clip), so every rerun writes the same notes."""
    midi = Midi()
    seconds = spec.CLIP_SECONDS + 0.5
    kind = sound["kind"]
    if kind == "melodic":
        program = sound["programs"][clip % len(sound["programs"])]
        midi.program(0, program)
        low, high = sound["range"]
        root = rng.randint(low, high - 12)
        scale = MAJOR if rng.random() < 0.6 else MINOR
        beat = rng.choice([0.18, 0.22, 0.25, 0.3, 0.375, 0.5])
        degree = rng.randrange(7)
        t = 0.0
        style = rng.choice(["melody", "arpeggio", "chords"] if sound.get("chords") else ["melody", "melody", "arpeggio"])
        while t < seconds:
            length = beat * rng.choice([1, 1, 1, 2, 2, 3])
            velocity = rng.randint(55, 120)
            if style == "melody":
                degree = max(-3, min(13, degree + rng.choice([-2, -1, -1, 0, 1, 1, 2, 3])))
                keys = [root + 12 * (degree // 7) + scale[degree % 7]]
            elif style == "arpeggio":
                degree = (degree + 2) % 8
                keys = [root + 12 * (degree // 7) + scale[degree % 7]]
            else:
                base = rng.choice([0, 3, 4, 5])
                keys = [root + scale[(base + k) % 7] + 12 * ((base + k) // 7) for k in (0, 2, 4)]
            for key in keys:
                midi.note(0, key, velocity, t, length * 0.95)
            t += length
    elif kind == "percussion":
        notes = sound["notes"]
        beat = rng.choice([0.125, 0.15, 0.2, 0.25])
        t = 0.0
        while t < seconds:
            hits = rng.sample(notes, k=min(len(notes), rng.choice([1, 1, 2])))
            for key in hits:
                midi.note(9, key, rng.randint(50, 127), t, beat)
            t += beat * rng.choice([1, 1, 2])
    elif kind == "effect":
        midi.program(0, sound["program"])
        low, high = sound["range"]
        t = 0.0
        while t < seconds:
            length = rng.uniform(0.4, 2.5)
            midi.note(0, rng.randint(low, high), rng.randint(70, 127), t, length)
            t += length * rng.uniform(0.6, 1.1)
    return midi


def level(samples):
    """Mono, cut to the clip length, 20-ms fades, RMS to -20 dBFS with the peak kept under -1 dBFS."""
    n = int(spec.CLIP_SECONDS * spec.SAMPLE_RATE)
    out = np.zeros(n)
    samples = samples[:n]
    out[: len(samples)] = samples
    fade = int(0.02 * spec.SAMPLE_RATE)
    ramp = np.linspace(0.0, 1.0, fade)
    out[:fade] *= ramp
    out[-fade:] *= ramp[::-1]
    rms = np.sqrt(np.mean(out ** 2))
    if rms > 0:
        out *= min(0.1 / rms, 0.89 / np.abs(out).max())
    return out


def fluidsynth_command(midi_path, wav_path):
    return ["fluidsynth", "-n", "-i", "-q", "-R", "0", "-C", "0", "-g", "0.6", "-r", str(spec.SAMPLE_RATE),
            "-O", "float", "-T", "wav", "-F", wav_path, SOUNDFONT, midi_path]


def espeak_command(rng, sound, clip, wav_path):
    voice = sound["voices"][clip % len(sound["voices"])]
    pitch = rng.randint(*sound["pitch"])
    speed = rng.randint(140, 185)
    text = spec.SENTENCES[(clip * 3 + len(voice)) % len(spec.SENTENCES)]
    return ["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed), "-w", wav_path, text]


def sound_command(category, clip, out):
    return f"/usr/bin/python3 {SCRIPT} sound --category {category} --clip {clip} --out {out}"


def make_sound(category, clip, out):
    sound = spec.SOUNDS[category]
    rng = random.Random(f"{category}/{clip}")
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "raw.wav")
        if sound["kind"] == "speech":
            command = espeak_command(rng, sound, clip, raw)
        else:
            midi = os.path.join(tmp, "phrase.mid")
            phrase(rng, sound, clip).write(midi)
            command = fluidsynth_command(midi, raw)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data, rate = soundfile.read(raw, dtype="float64", always_2d=True)
    mono = data.mean(axis=1)
    if rate != spec.SAMPLE_RATE:
        mono = signal.resample_poly(mono, spec.SAMPLE_RATE, rate)
    if sound["kind"] == "speech":
        start = int(np.argmax(np.abs(mono) > 0.01 * np.abs(mono).max()))  # skip the voice's leading silence
        mono = mono[start:]
    os.makedirs(os.path.dirname(out), exist_ok=True)
    soundfile.write(out, level(mono), spec.SAMPLE_RATE, subtype="PCM_16")
    shown = [a if " " not in a else f'"{a}"' for a in command]
    shown = [os.path.basename(a) if a.startswith(tmp) else a for a in shown]
    return " ".join(shown)


# ---------------------------------------------------------------- the whole kit

def sequence_name(sequence):
    return "-".join(c.lower() for c in sequence if c != "FE0F")


def build(out):
    font = EmojiFont()
    emojione = EmojiOnePictures()
    outlines = OutlineFont()
    rows = []
    for category, sequences in spec.PICTURES.items():
        for sequence in sequences:
            rel = f"images/{category}/{category}-{sequence_name(sequence)}.png"
            detail = make_image(font, category, sequence, os.path.join(out, rel))
            source, licence = LICENCES["emoji"]
            rows.append([rel, "image", category, f"{source}: U+{' U+'.join(sequence)}, {detail}", licence, image_command(category, sequence, f"assets/kit/{rel}")])
        for sequence in [s for s in sequences if emojione.has(s)]:
            rel = f"images/{category}/{category}-emojione-{sequence_name(sequence)}.png"
            detail = make_emojione_image(emojione, category, sequence, os.path.join(out, rel))
            source, licence = LICENCES["emojione"]
            rows.append([rel, "image", category, f"{source}: U+{' U+'.join(sequence)}, {detail}", licence, image_command(category, sequence, f"assets/kit/{rel}", "emojione")])
        for code_point in sorted({s[0] for s in sequences if outlines.has(s[0])}):
            rel = f"images/{category}/{category}-symbola-{code_point.lower()}.png"
            detail = make_outline_image(outlines, category, code_point, os.path.join(out, rel))
            source, licence = LICENCES["symbola"]
            rows.append([rel, "image", category, f"{source}: U+{code_point}, {detail}", licence, image_command(category, [code_point], f"assets/kit/{rel}", "symbola")])
    for category, sound in spec.SOUNDS.items():
        for clip in range(spec.CLIPS_PER_CATEGORY):
            rel = f"sounds/{category}/{category}-{clip}.wav"
            tool = make_sound(category, clip, os.path.join(out, rel))
            source, licence = LICENCES["espeak" if sound["kind"] == "speech" else "fluidsynth"]
            rows.append([rel, "sound", category, f"{source}: {tool}", licence, sound_command(category, clip, f"assets/kit/{rel}")])
        pictures = sum(1 for row in rows if row[1] == "image" and row[2] == category)
        print(f"{category}: {pictures} pictures, {spec.CLIPS_PER_CATEGORY} sounds", file=sys.stderr)
    for row in rows:
        with open(os.path.join(out, row[0]), "rb") as f:
            row.append(hashlib.sha256(f.read()).hexdigest())
    with open(os.path.join(out, "manifest.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["file", "kind", "category", "source", "licence", "command", "sha256"])
        writer.writerows(rows)
    write_licences(out)


def write_licences(out):
    folder = os.path.join(out, "LICENSES")
    os.makedirs(folder, exist_ok=True)
    for name, src in [("fonts-noto-color-emoji.copyright", "/usr/share/doc/fonts-noto-color-emoji/copyright"),
                      ("fluid-soundfont-gm.copyright", "/usr/share/doc/fluid-soundfont-gm/copyright"),
                      ("espeak-ng.copyright", "/usr/share/doc/espeak-ng/copyright"),
                      ("ruby-gemojione.copyright", "/usr/share/doc/ruby-gemojione/copyright"),
                      ("fonts-symbola.copyright", "/usr/share/doc/fonts-symbola/copyright")]:
        shutil.copyfile(src, os.path.join(folder, name))


def check(kit):
    with tempfile.TemporaryDirectory() as tmp:
        build(tmp)
        differ = []
        for root, _, files in os.walk(tmp):
            for name in files:
                rel = os.path.relpath(os.path.join(root, name), tmp)
                mine = os.path.join(kit, rel)
                if not os.path.exists(mine) or open(mine, "rb").read() != open(os.path.join(root, name), "rb").read():
                    differ.append(rel)
        if differ:
            print(f"kit differs from a fresh build in {len(differ)} files, first: {differ[:5]}", file=sys.stderr)
            return 1
        print(f"kit {kit} is reproduced exactly by a fresh build", file=sys.stderr)
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    a = sub.add_parser("all")
    a.add_argument("--out", required=True)
    i = sub.add_parser("image")
    i.add_argument("--category", required=True)
    i.add_argument("--sequence", required=True, help="hex code points joined by '-', e.g. 1F468-1F3FD")
    i.add_argument("--source", choices=["noto", "emojione", "symbola"], default="noto", help="which artist draws it")
    i.add_argument("--out", required=True)
    s = sub.add_parser("sound")
    s.add_argument("--category", required=True, choices=sorted(spec.SOUNDS))
    s.add_argument("--clip", required=True, type=int)
    s.add_argument("--out", required=True)
    c = sub.add_parser("check")
    c.add_argument("--kit", required=True)
    args = parser.parse_args()
    if args.what == "all":
        build(args.out)
    elif args.what == "image":
        sequence = args.sequence.upper().split("-")
        if args.source == "emojione":
            make_emojione_image(EmojiOnePictures(), args.category, sequence, args.out)
        elif args.source == "symbola":
            make_outline_image(OutlineFont(), args.category, sequence[0], args.out)
        else:
            make_image(EmojiFont(), args.category, sequence, args.out)
    elif args.what == "sound":
        print(make_sound(args.category, args.clip, args.out))
    else:
        return check(args.kit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
