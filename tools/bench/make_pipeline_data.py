"""The same kind of training manifest as make_pipeline_data.sh, for a machine without ffmpeg (the GPU machine has
numpy and OpenCV but no ffmpeg): 64 pictures of 640 x 360 (JPEG, quality 85, a coloured test pattern shifted per
picture) and 64 ten-second 16-kHz mono PCM16 WAVs (a sine plus pink-ish noise). Only the sizes and formats matter
for timing the input pipeline, not the content.
    python3 tools/bench/make_pipeline_data.py OUT_DIR [ITEMS]
"""
import os
import sys
import wave

import cv2
import numpy as np


def main():
    out = sys.argv[1]
    items = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:360, 0:640]
    for i in range(64):
        picture = np.stack([(x + 5 * i) % 256, (y * 2 + 3 * i) % 256, ((x + y) // 2 + 7 * i) % 256], axis=-1)
        picture = (picture + rng.integers(0, 24, picture.shape)).clip(0, 255).astype(np.uint8)
        cv2.imwrite(os.path.join(out, f"img{i:02d}.jpg"), picture, [cv2.IMWRITE_JPEG_QUALITY, 85])
        t = np.arange(160000) / 16000.0
        noise = np.cumsum(rng.standard_normal(160000)) * 0.002
        noise -= np.convolve(noise, np.ones(400) / 400, mode="same")
        sound = 0.4 * np.sin(2 * np.pi * (200 + 20 * i) * t) + noise
        with wave.open(os.path.join(out, f"aud{i:02d}.wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes((sound.clip(-1, 1) * 32767).astype("<i2").tobytes())
    with open(os.path.join(out, "manifest.csv"), "w") as f:
        f.write("image,audio\n")
        for k in range(items):
            f.write(f"img{k % 64:02d}.jpg,aud{k % 64:02d}.wav\n")
    print(f"wrote {out}/manifest.csv")


if __name__ == "__main__":
    main()
