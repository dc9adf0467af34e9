"""Golden fixtures for the audio front end, from the official test loader (SSLalignment datasets_lvs.py).

Regenerate (from the repo root; /usr/bin/python3 is Debian's, with python3-torch etc.):
    /usr/bin/python3 tools/golden/audio_fixtures.py --official /path/to/SSLalignment \
        --out tests/SoundSight.Tests/Fixtures/Audio

Writes WAVs in several encodings (seeded), the official 1 x 257 x 299 spectrogram of each (float32 of the
float64 value, as the official code passes spec.float() to the model), and one raw scipy PSD (float64).
"""
import argparse
import os
import sys

import numpy as np
import soundfile as sf
from PIL import Image
from scipy import signal

sys.path.insert(0, os.path.dirname(__file__))
import official_harness  # noqa: E402


def clips(rng):
    t10 = np.arange(160000) / 16000
    t = lambda sec: np.arange(int(16000 * sec)) / 16000  # noqa: E731
    return {
        # name: (samples, rate, subtype)
        "pcm16_10s": (0.3 * np.sin(2 * np.pi * 440 * t10) * np.sin(2 * np.pi * 0.5 * t10) + 0.05 * rng.standard_normal(160000), 16000, "PCM_16"),
        "float32_stereo_4s": (np.stack([0.2 * rng.standard_normal(64000), 0.5 * np.sin(2 * np.pi * 1000 * t(4))], 1), 16000, "FLOAT"),
        "short_1p3s": (0.4 * np.sin(2 * np.pi * 300 * t(1.3) * (1 + t(1.3))) + 0.02 * rng.standard_normal(20800), 16000, "PCM_16"),
        "loud_float32_3s": (1.8 * np.sin(2 * np.pi * 200 * t(3)) + 0.1 * rng.standard_normal(48000), 16000, "FLOAT"),
        "pcm24_2s": (0.25 * rng.standard_normal(32000), 16000, "PCM_24"),
        "pcm32_2s": (0.25 * np.sin(2 * np.pi * 2000 * t(2)), 16000, "PCM_32"),
        "double_2s": (0.1 * rng.standard_normal(32000), 16000, "DOUBLE"),
        "u8_2s": (0.5 * np.sin(2 * np.pi * 700 * t(2)), 16000, "PCM_U8"),
        "silent_2s": (np.zeros(32000), 16000, "PCM_16"),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--official", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(1124)
    image = os.path.join(a.out, "_dummy.jpg")
    Image.fromarray(np.full((32, 32, 3), 128, np.uint8)).save(image)
    pairs, names = [], []
    for name, (samples, rate, subtype) in clips(rng).items():
        path = os.path.join(a.out, f"{name}.wav")
        sf.write(path, samples, rate, subtype=subtype)
        pairs.append((image, path))
        names.append(name)
    items = official_harness.official_test_items(a.official, pairs)
    for name, (_, spec, _) in zip(names, items):
        np.save(os.path.join(a.out, f"{name}.official.npy"), spec.astype(np.float32))
    os.remove(image)

    # One raw scipy PSD, float64, of the official window of the 10-s clip.
    x, rate = sf.read(os.path.join(a.out, "pcm16_10s.wav"))
    _, _, psd = signal.spectrogram(x[56000:104000], rate, nperseg=512, noverlap=353)
    np.save(os.path.join(a.out, "pcm16_10s.psd.npy"), psd)
    np.save(os.path.join(a.out, "tukey512.npy"), signal.get_window(("tukey", 0.25), 512))


if __name__ == "__main__":
    main()
