"""Golden fixtures for the audio front end (tests/SoundSight.Tests/Audio), from the authors' own code.

Regenerate (from the repository root, with Debian's python3, which has numpy, scipy, soundfile, torch):

    /usr/bin/python3 tools/golden/audio_fixtures.py --official /tmp/official/SSLalignment \
        --out tests/SoundSight.Tests/Fixtures/Audio

Writes, deterministically (seeded noise and tones, integer PCM codes written as integers):
  * WAVs written by soundfile (libsndfile), each paired with a tiny dummy JPEG and run through the unchanged
    official test loader (datasets_lvs.GetAudioVideoDataset.__getitem__, via official_harness.py):
      pcm16_10s.wav          16 kHz PCM16 mono, exactly 10 s (no tiling; the 10-s cut)
      float32_stereo.wav     16 kHz float32 stereo, 1.5 s (channel 0 kept; tiling)
      short_1p3s.wav         16 kHz PCM16 mono, 1.3 s (tiling, 8 copies; also run with the AVSBench window)
      loud_float32.wav       16 kHz float32 mono, 2 s, peaks near +-2.5 (clipping to [-1, 1])
      pcm24.wav              16 kHz PCM24 mono, 1.5 s
      silent.wav             16 kHz PCM16 mono, 0.5 s of zeros
    <name>.official.npy is the loader's spectrogram [1, 257, 299] cast to float32 (the model gets spec.float());
    short_1p3s.avsbench.official.npy is the same loader with the ms3/s4 settings (audio_length 5, st 1, fi 4).
    The silent clip's output is one constant, recorded in silent.official.json instead of a 300-KB array.
  * psd_raw.npy: scipy.signal.spectrogram(x, 16000, nperseg=512, noverlap=353) of samples [56000, 64000) of
    pcm16_10s.wav as soundfile reads them, float64 [257, 48]; psd_raw_256.npy: the same on samples [0, 2000)
    with fs=8000, nperseg=256, noverlap=100, float64 [129, 12].
  * enc_*.wav: 800-frame files in every encoding the reader supports (soundfile subtypes PCM_U8, PCM_16, PCM_24,
    PCM_32, FLOAT, DOUBLE; WAVEX for WAVE_FORMAT_EXTENSIBLE), with enc_*.npy = channel 0 of
    soundfile.read(dtype='float64', always_2d=True): what the C# reader must return exactly.
"""
import argparse
import contextlib
import json
import os
import sys
import tempfile

import numpy as np
import scipy.signal
import soundfile as sf
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import official_harness  # noqa: E402

RATE = 16000
SEED = 20240611


def program(rng, seconds, channels=1):
    """Tones with slow amplitude modulation plus coloured noise, peak 0.9: every spectrogram bin well above 0."""
    n = int(round(seconds * RATE))
    t = np.arange(n) / RATE
    out = np.zeros((n, channels))
    for c in range(channels):
        x = np.zeros(n)
        for _ in range(6):
            f = rng.uniform(80.0, 7600.0)
            am = 1.0 + 0.5 * np.sin(2 * np.pi * rng.uniform(0.2, 3.0) * t + rng.uniform(0, 2 * np.pi))
            x += rng.uniform(0.2, 1.0) * am * np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi))
        noise = scipy.signal.lfilter([1.0], [1.0, -0.7], rng.standard_normal(n))
        x += 0.8 * noise
        out[:, c] = 0.9 * x / np.max(np.abs(x))
    return out


def pcm_codes(x, bits):
    full = 2 ** (bits - 1)
    return np.clip(np.round(x * full), -full, full - 1).astype(np.int64)


def zero_peak_timestamp(path):
    """libsndfile stamps float files' PEAK chunk with the time of writing; zero it so fixtures are reproducible."""
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        position = 12
        while position + 8 <= len(data):
            chunk, size = bytes(data[position:position + 4]), int.from_bytes(data[position + 4:position + 8], "little")
            if chunk == b"PEAK":
                data[position + 12:position + 16] = b"\0\0\0\0"
            position += 8 + size + (size & 1)
        f.seek(0)
        f.write(data)


def write_wav(path, data, rate, subtype, container="WAV"):
    sf.write(path, data, rate, subtype=subtype, format=container)
    zero_peak_timestamp(path)


def write_main_wavs(out, rng):
    wavs = {}

    def save(name, data, subtype):
        path = os.path.join(out, name)
        write_wav(path, data, RATE, subtype)
        wavs[name] = path

    save("pcm16_10s.wav", pcm_codes(program(rng, 10.0)[:, 0], 16).astype(np.int16), "PCM_16")
    stereo = program(rng, 1.5, channels=2)
    save("float32_stereo.wav", stereo.astype(np.float32), "FLOAT")
    save("short_1p3s.wav", pcm_codes(program(rng, 1.3)[:, 0], 16).astype(np.int16), "PCM_16")
    save("loud_float32.wav", (2.8 * program(rng, 2.0)[:, 0]).astype(np.float32), "FLOAT")
    # libsndfile writes int32 input to PCM_24 as its top 24 bits, so the codes land exactly.
    save("pcm24.wav", (pcm_codes(program(rng, 1.5)[:, 0], 24) << 8).astype(np.int32), "PCM_24")
    save("silent.wav", np.zeros(int(0.5 * RATE), dtype=np.int16), "PCM_16")
    return wavs


def write_encoding_wavs(out, rng):
    frames = 800
    signal = np.clip(rng.uniform(-1.0, 1.0, size=(frames, 3)), -1.0, 1.0)
    signal[:4, 0] = [-1.0, 1.0 - 2.0 ** -31, 0.0, -0.5]  # full-scale ends and exact values on channel 0
    cases = [
        ("enc_u8.wav", 16000, 1, "PCM_U8", "WAV", pcm_codes(signal[:, :1], 8).astype(np.int16) << 8),
        ("enc_s16.wav", 44100, 2, "PCM_16", "WAV", pcm_codes(signal[:, :2], 16).astype(np.int16)),
        ("enc_s24.wav", 22050, 2, "PCM_24", "WAV", (pcm_codes(signal[:, :2], 24) << 8).astype(np.int32)),
        ("enc_s32.wav", 16000, 1, "PCM_32", "WAV", pcm_codes(signal[:, :1], 32).astype(np.int32)),
        ("enc_f32.wav", 48000, 2, "FLOAT", "WAV", (1.5 * signal[:, :2]).astype(np.float32)),
        ("enc_f64.wav", 8000, 1, "DOUBLE", "WAV", 1.5 * signal[:, :1]),
        ("enc_wavex_s16.wav", 16000, 3, "PCM_16", "WAVEX", pcm_codes(signal, 16).astype(np.int16)),
        ("enc_wavex_f32.wav", 32000, 2, "FLOAT", "WAVEX", signal[:, :2].astype(np.float32)),
    ]
    for name, rate, channels, subtype, container, data in cases:
        path = os.path.join(out, name)
        write_wav(path, data, rate, subtype, container)
        read, read_rate = sf.read(path, dtype="float64", always_2d=True)
        assert read_rate == rate and read.shape == (frames, channels), (name, read.shape)
        np.save(os.path.join(out, name[:-4] + ".npy"), read[:, 0])


@contextlib.contextmanager
def avsbench_settings(official):
    """The official loader with the values its __init__ sets for testset 'ms3'/'s4' (audio_length 5, st 1, fi 4).

    Those testsets also change how the json is parsed; the harness lays files out for 'is3', so only the three
    audio numbers are overridden after the unchanged __init__ has run.
    """
    official_harness.add_official_to_path(official)
    import datasets_lvs  # noqa: E402  (official code)

    original = datasets_lvs.GetAudioVideoDataset.__init__

    def patched(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.audio_length, self.st, self.fi = 5, 1, 4

    datasets_lvs.GetAudioVideoDataset.__init__ = patched
    try:
        yield
    finally:
        datasets_lvs.GetAudioVideoDataset.__init__ = original


def official_spectrograms(official, wav_paths, image):
    items = official_harness.official_test_items(official, [(image, path) for path in wav_paths])
    return [np.asarray(spectrogram) for _, spectrogram, _ in items]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--official", required=True, help="checkout of github.com/kaistmm/SSLalignment")
    parser.add_argument("--out", required=True, help="fixture folder, e.g. tests/SoundSight.Tests/Fixtures/Audio")
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(SEED)

    wavs = write_main_wavs(out, rng)
    write_encoding_wavs(out, rng)

    with tempfile.TemporaryDirectory(prefix="soundsight-audio-") as temp:
        image = os.path.join(temp, "dummy.jpg")
        Image.new("RGB", (16, 16), (90, 120, 150)).save(image, quality=90)
        names = list(wavs)
        outputs = official_spectrograms(args.official, [wavs[n] for n in names], image)
        with avsbench_settings(args.official):
            avsbench = official_spectrograms(args.official, [wavs["short_1p3s.wav"]], image)[0]

    for name, spectrogram in zip(names, outputs):
        assert spectrogram.shape == (1, 257, 299) and spectrogram.dtype == np.float64, spectrogram.shape
        final = spectrogram.astype(np.float32)
        if name == "silent.wav":
            values = np.unique(final)
            assert values.size == 1, values
            with open(os.path.join(out, "silent.official.json"), "w") as f:
                json.dump({"shape": [1, 257, 299], "value": float(values[0])}, f, indent=2)
                f.write("\n")
        else:
            np.save(os.path.join(out, name[:-4] + ".official.npy"), final)
    assert avsbench.shape == (1, 257, 299), avsbench.shape
    np.save(os.path.join(out, "short_1p3s.avsbench.official.npy"), avsbench.astype(np.float32))

    raw, rate = sf.read(wavs["pcm16_10s.wav"], dtype="float64")
    _, _, psd = scipy.signal.spectrogram(raw[56000:64000], rate, nperseg=512, noverlap=353)
    np.save(os.path.join(out, "psd_raw.npy"), psd)
    _, _, psd256 = scipy.signal.spectrogram(raw[:2000], 8000, nperseg=256, noverlap=100)
    np.save(os.path.join(out, "psd_raw_256.npy"), psd256)

    total = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
    print(f"{len(os.listdir(out))} files, {total / 1e6:.2f} MB in {out}")


if __name__ == "__main__":
    main()
