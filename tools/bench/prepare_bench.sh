#!/usr/bin/env bash
# Clips prepared per second: `soundsight prepare --workers W` beside a plain sequential ffmpeg loop doing the
# same work per clip (frame at 5.0 s as JPEG, 10 s of sound as 16 kHz mono 16-bit WAV). Prints a Markdown row.
# Usage: tools/bench/prepare_bench.sh [clips=20] [repeats=3] [workers=2] [size=320x240]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
clips=${1:-20}; repeats=${2:-3}; workers=${3:-2}; size=${4:-320x240}
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mkdir -p "$work/videos"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=$size:rate=25:duration=10" -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=10" \
  -ac 2 -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest "$work/clip.mp4"
for i in $(seq 1 "$clips"); do cp "$work/clip.mp4" "$work/videos/$(printf 'bench%07d_%06d' "$i" 0).mp4"; done
"$root/soundsight" --help >/dev/null  # build once, outside the timing

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ours=(); loop=()
for r in $(seq 1 "$repeats"); do
  rm -rf "$work/out"; s=$(date +%s.%N)
  "$root/soundsight" prepare --videos "$work/videos" --out "$work/out" --workers "$workers" >/dev/null 2>&1
  ours+=("$(echo "$clips / ($(date +%s.%N) - $s)" | bc -l)")
  rm -rf "$work/loop"; mkdir -p "$work/loop"; s=$(date +%s.%N)
  for v in "$work"/videos/*.mp4; do
    id=$(basename "$v" .mp4)
    ffmpeg -v error -nostdin -ss 5 -i "$v" -frames:v 1 -q:v 2 "$work/loop/$id.jpg"
    ffmpeg -v error -nostdin -t 10 -i "$v" -map 0:a:0 -ac 1 -ar 16000 -c:a pcm_s16le "$work/loop/$id.wav"
  done
  loop+=("$(echo "$clips / ($(date +%s.%N) - $s)" | bc -l)")
done
o=$(printf '%s\n' "${ours[@]}" | median); l=$(printf '%s\n' "${loop[@]}" | median)
printf '| %s clips, 10 s, %s h264+aac, %s repeats | %.2f | %.2f | %.2fx |\n' "$clips" "$size" "$repeats" "$o" "$l" "$(echo "$o / $l" | bc -l)"
