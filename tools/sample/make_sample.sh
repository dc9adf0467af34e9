#!/usr/bin/env bash
# Rebuilds the embedded sample under samples/: a 16 kHz mono speech clip (espeak-ng, GPL-3 program output is not
# covered by the GPL) and a drawn scene (PIL). Run from the repo root: tools/sample/make_sample.sh
# Needs Debian's espeak-ng, sox and python3-pil (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
command -v espeak-ng >/dev/null || need+=(espeak-ng)
command -v sox >/dev/null || need+=(sox)
/usr/bin/python3 -c 'import PIL' 2>/dev/null || need+=(python3-pil)
if [ ${#need[@]} -gt 0 ]; then apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null; fi

tmp=$(mktemp -d)
espeak-ng -v en-us -s 150 -w "$tmp/speech.wav" \
  "Hello. This is SoundSight. Where in the picture does this voice come from? Listen to the speaker on the right."
sox "$tmp/speech.wav" -r 16000 -c 1 -b 16 samples/speech.wav
rm -rf "$tmp"

/usr/bin/python3 - <<'PY'
from PIL import Image, ImageDraw
w, h = 320, 240
img = Image.new("RGB", (w, h))
d = ImageDraw.Draw(img)
for y in range(h):  # sky-to-floor gradient
    t = y / (h - 1)
    d.line([(0, y), (w, y)], fill=(int(90 + 100 * t), int(140 + 60 * t), int(200 - 80 * t)))
d.rectangle([0, 170, w, h], fill=(120, 95, 70))  # floor
d.rectangle([30, 90, 110, 175], fill=(60, 120, 60))  # a plant pot and leaves (silent)
d.ellipse([20, 40, 120, 110], fill=(40, 150, 60))
d.rectangle([205, 70, 285, 190], fill=(35, 35, 40))  # a loudspeaker (the sound source)
d.ellipse([222, 85, 268, 131], fill=(90, 90, 100))
d.ellipse([235, 98, 255, 118], fill=(20, 20, 25))
d.ellipse([228, 140, 262, 174], fill=(90, 90, 100))
img.save("samples/scene.jpg", quality=92)
PY
echo "samples/ rebuilt"
