#!/usr/bin/env bash
# Makes a training manifest of realistic sizes for `bench train --pipeline-data`: 64 pictures of 640 x 360 (JPEG,
# ffmpeg's testsrc2 at different times) and 64 ten-second 16-kHz mono WAVs (sine sweeps plus noise); with ITEMS the
# manifest lists that many lines going round the 64 pairs (batches larger than 64, e.g. 128 on a GPU).
#   tools/bench/make_pipeline_data.sh /tmp/pipeline-data [ITEMS]
set -euo pipefail
out="${1:?usage: make_pipeline_data.sh OUT_DIR [ITEMS]}"
items="${2:-64}"
mkdir -p "$out"
echo "image,audio" > "$out/manifest.csv"
for i in $(seq -w 0 63); do
  ffmpeg -v error -y -f lavfi -i "testsrc2=size=640x360:rate=1:duration=1" -ss 0 -frames:v 1 -vf "hue=h=$((10#$i * 5))" -q:v 3 "$out/img$i.jpg"
  ffmpeg -v error -y -f lavfi -i "sine=frequency=$((200 + 10#$i * 20)):sample_rate=16000:duration=10" -f lavfi -i "anoisesrc=color=pink:amplitude=0.05:duration=10:sample_rate=16000" \
    -filter_complex amix=inputs=2 -ac 1 -ar 16000 -c:a pcm_s16le "$out/aud$i.wav"
done
for k in $(seq 0 $((items - 1))); do
  i=$(printf '%02d' $((k % 64)))
  echo "img$i.jpg,aud$i.wav" >> "$out/manifest.csv"
done
echo "wrote $out/manifest.csv"
