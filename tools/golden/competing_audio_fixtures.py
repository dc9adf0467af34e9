"""Golden fixtures for the competing methods' audio front ends (src/SoundSight/Methods/AudioFrontEnds), from the authors'
own comparison code (github.com/kaistmm/SSLalignment: datasets.py, audio_io.py, datasets_ssltie.py), unchanged.

Regenerate (from the repository root; Debian's python3 with python3-torch, -torchaudio, -av, -easydict, -scipy):

    /usr/bin/python3 tools/golden/competing_audio_fixtures.py --official /work/ref/SSLalignment \
        --out tests/SoundSight.Tests/Fixtures/CompetingAudio

The WAVs are not committed: each is built from integers (a 31-bit LCG's noise plus a sawtooth under a stepped
envelope, wavs() below) that CompetingAudioFrontEndTests rebuilds byte for byte; manifest.json records each file's
SHA-256 so the test knows its input is the one the official code read. Every WAV is laid out as an IS3-style
test set (or an AVSBench ms3 one) and run through:
  * EZ-VSL / MarginNCE / SLAVC: datasets.get_test_dataset(args)[i] (PyAV decode, roll, scipy, crop, /12);
  * FNAC: datasets.get_test_dataset_fnac(args)[i] (3 s around the middle, no roll, no crop);
  * SSL-TIE: datasets_ssltie.GetAudioVideoDataset_ssltie(args, mode='test')[i] (torchaudio mel dB).
With --mel-points FILE it also writes the C# table of torchaudio's mel points (TorchaudioMelPoints.cs) for the
common sample rates: torch computes them in float32 with a vectorised linspace and powf whose last bits depend on
the build, so the table, not a formula, makes SSL-TIE's filters equal torchaudio's.
Each output is stored as float32 .npy holding a subset of its time columns (all rows, every channel; the columns
are listed in manifest.json: the first and last six and every 9th, or 37th for SSL-TIE) to keep fixtures small.
"""
import argparse
import hashlib
import json
import os
import shutil
import struct
import sys
import tempfile
import types

import numpy as np
from PIL import Image

# (name, rate, channels, encoding, frames)
CASES = [
    ("mono16k_pcm16_2p3s", 16000, 1, "pcm16", 36800),
    ("stereo44k_pcm16_12p5s", 44100, 2, "pcm16", 551250),
    ("stereo16k_float_10p7s", 16000, 2, "float", 171200),
    ("mono44k_float_1p3s", 44100, 1, "float", 57330),
    ("mono16k_pcm16_3s_plus1", 16000, 1, "pcm16", 48001),
    ("stereo16k_pcm16_5p2s", 16000, 2, "pcm16", 83200),
]
AVSBENCH_CASES = ["stereo16k_pcm16_5p2s", "mono44k_float_1p3s"]


def samples(n, channels, seed):
    """int64 [n, channels]: LCG noise / 4 plus a sawtooth, times an envelope stepping 1..4, halved (|x| < 2^14)."""
    out = np.zeros((n, channels), dtype=np.int64)
    idx = np.arange(n, dtype=np.int64)
    for c in range(channels):
        s = (seed + 7919 * c) & 0x7FFFFFFF
        noise = np.empty(n, dtype=np.int64)
        for i in range(n):
            s = (s * 1103515245 + 12345) & 0x7FFFFFFF
            noise[i] = (s >> 16) - 16384
        saw = ((idx * (73 + 19 * c)) % 8192) - 4096
        env = 1 + (3 * idx) // n
        out[:, c] = (((noise >> 2) + saw) * env) >> 1
    return out


def wav_bytes(v, rate, encoding):
    """A canonical RIFF/WAVE file (16-byte fmt chunk, no other chunks): PCM16 codes, or float32 of code * 1.1 / 2^14
    (peaks near +-1.1, so some samples exceed full scale)."""
    n, ch = v.shape
    if encoding == "pcm16":
        data, tag, bits = v.astype("<i2").tobytes(), 1, 16
    else:
        data, tag, bits = (v * 1.1 / 16384.0).astype("<f4").tobytes(), 3, 32
    block = ch * bits // 8
    fmt = struct.pack("<HHIIHH", tag, ch, rate, rate * block, block, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(data)) + data
    if len(data) & 1:
        body += b"\0"
    return b"RIFF" + struct.pack("<I", len(body)) + body


def columns(total, stride):
    return sorted(set(range(min(6, total))) | set(range(max(total - 6, 0), total)) | set(range(0, total, stride)))


def layout(work, names, avsbench):
    """IS3 layout (metadata/*.json, images/, audio/) or the ms3 one (image paths end video/frame.png)."""
    os.makedirs(os.path.join(work, "metadata"), exist_ok=True)
    entries = []
    for name in names:
        if avsbench:
            image = os.path.join(work, "frames", name, "0.png")
        else:
            image = os.path.join(work, "images", name + ".jpg")
        os.makedirs(os.path.dirname(image), exist_ok=True)
        Image.new("RGB", (224, 224), (90, 120, 150)).save(image)
        entries.append({"image": image, "audio": os.path.join(work, "audio", name + ".wav"), "gt_box": [10, 20, 100, 120]})
    with open(os.path.join(work, "metadata", "ms3_box.json" if avsbench else "synthetic3240_bbox.json"), "w") as f:
        json.dump(entries, f)


MEL_RATES = [8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000]


def write_mel_points(path):
    """f_pts of torchaudio.functional.melscale_fbanks(257, 0, rate // 2, 257, rate) (htk), per rate, as C#."""
    import math
    import torch
    lines = []
    for rate in MEL_RATES:
        m_max = 2595.0 * math.log10(1.0 + float(rate // 2) / 700.0)
        m_pts = torch.linspace(0.0, m_max, 257 + 2)
        f_pts = 700.0 * (10.0 ** (m_pts / 2595.0) - 1.0)
        values = ", ".join(repr(float(v)) + "f" for v in f_pts.tolist())
        lines.append(f"        [{rate}] = [{values}],")
    body = "\n".join(lines)
    with open(path, "w") as f:
        f.write(f"""// <auto-generated>tools/golden/competing_audio_fixtures.py --mel-points (torch {torch.__version__}); do not edit.</auto-generated>
namespace SoundSight.Methods.AudioFrontEnds;

/// <summary>
/// torchaudio's 259 mel points in Hz (f_pts of melscale_fbanks with 257 mels, f_min 0, f_max rate // 2, htk) as
/// torch computed them in float32, per sample rate: a vectorised linspace and powf whose last bits a formula does
/// not reproduce.
/// </summary>
internal static class TorchaudioMelPoints
{{
    public static readonly IReadOnlyDictionary<int, float[]> For257Mels = new Dictionary<int, float[]>
    {{
{body}
    }};
}}
""")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--mel-points", help="also write the C# table of torchaudio's mel points here")
    a = p.parse_args()
    if a.mel_points:
        write_mel_points(a.mel_points)
    official = os.path.abspath(a.official)
    sys.path.insert(0, official)
    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="soundsight-competing-")
    cwd = os.getcwd()
    manifest = {"cases": {}, "outputs": {}}
    try:
        os.makedirs(os.path.join(work, "audio"))
        for i, (name, rate, ch, enc, n) in enumerate(CASES):
            data = wav_bytes(samples(n, ch, 1000 + i), rate, enc)
            with open(os.path.join(work, "audio", name + ".wav"), "wb") as f:
                f.write(data)
            manifest["cases"][name] = {"rate": rate, "channels": ch, "encoding": enc, "frames": n, "seed": 1000 + i,
                                       "sha256": hashlib.sha256(data).hexdigest()}
        os.chdir(work)
        import datasets  # noqa: E402  (official code)
        import datasets_ssltie  # noqa: E402  (official code)
        from opts_ssltie import SSLTIE_args  # noqa: E402  (official code)

        def save(kind, name, spec, stride):
            spec = spec.float().numpy()
            cols = columns(spec.shape[-1], stride)
            np.save(os.path.join(os.path.abspath(os.path.join(cwd, a.out)), f"{kind}_{name}.npy"), np.ascontiguousarray(spec[..., cols]))
            manifest["outputs"][f"{kind}_{name}"] = {"shape": list(spec.shape), "columns": cols}

        for avsbench in (False, True):
            names = AVSBENCH_CASES if avsbench else [c[0] for c in CASES]
            shutil.rmtree(os.path.join(work, "metadata"), ignore_errors=True)
            layout(work, names, avsbench)
            testset = "ms3" if avsbench else "is3"
            args = types.SimpleNamespace(testset=testset, test_gt_path="")
            ez = datasets.get_test_dataset(args)
            fnac = datasets.get_test_dataset_fnac(args)
            st_args = SSLTIE_args().ssltie_args
            st_args.testset = testset
            st_args.dataset_mode = testset
            st_args.test_gt_path = ""
            ssltie = datasets_ssltie.GetAudioVideoDataset_ssltie(st_args, mode="test")
            suffix = "_ms3" if avsbench else ""
            for i, name in enumerate(names):
                save("ezvsl" + suffix, name, ez[i][1], 9)
                if not avsbench:
                    save("fnac", name, fnac[i][1], 9)
                save("ssltie" + suffix, name, ssltie[i][1], 37)
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
