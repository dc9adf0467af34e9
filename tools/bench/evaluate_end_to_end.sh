#!/usr/bin/env bash
# `evaluate --data-root --checkpoint` beside the official test.py loop (tools/bench/official_evaluate.py), both
# timed as whole processes (CLI / interpreter start included), alternated, medians of the repeats. Makes an
# IS3-layout set of N entries with large JPEGs (W x H noise pictures, two entries a picture as IS3 ships them) and
# 10-s WAVs, and one random-weight checkpoint in the authors' format that both sides load. Prints a Markdown table.
# Usage: tools/bench/evaluate_end_to_end.sh OFFICIAL_DIR [entries=400] [repeats=3] [threads=2] [size=1920x1080]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
official="$1"; n=${2:-400}; repeats=${3:-3}; threads=${4:-2}; size=${5:-1920x1080}
python=${PYTHON:-/usr/bin/python3}
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$python" - "$work/is3" "$n" "$size" <<'PY'
import json, os, sys
import numpy as np
import soundfile
from PIL import Image
out, n, size = sys.argv[1], int(sys.argv[2]), sys.argv[3]
w, h = (int(v) for v in size.split("x"))
rng = np.random.default_rng(7)
os.makedirs(f"{out}/images"); os.makedirs(f"{out}/audio_wav"); os.makedirs(f"{out}/metadata")
entries = []
for i in range(n):
    stem = f"scene{i // 2:04d}_{i // 2}_{'first' if i % 2 == 0 else 'second'}"
    if i % 2 == 0:
        # Smooth colour fields plus noise: a JPEG of realistic size for its resolution.
        small = rng.integers(0, 256, (h // 32 + 1, w // 32 + 1, 3), dtype=np.uint8)
        picture = np.asarray(Image.fromarray(small).resize((w, h), Image.BICUBIC), dtype=np.int16)
        picture = np.clip(picture + rng.integers(-12, 13, picture.shape), 0, 255).astype(np.uint8)
        image = Image.fromarray(picture)
    image.save(f"{out}/images/{stem}.jpg", quality=90)
    soundfile.write(f"{out}/audio_wav/{stem}.wav", (rng.standard_normal(160000) * 0.1).astype(np.float32), 16000, subtype="PCM_16")
    x1, y1 = int(rng.integers(0, 150)), int(rng.integers(0, 150))
    entries.append({"image": f"{out}/images/{stem}.jpg", "audio": f"{out}/audio_wav/{stem}.wav",
                    "gt_box": [x1, y1, int(rng.integers(x1 + 20, 225)), int(rng.integers(y1 + 20, 225))]})
json.dump(entries, open(f"{out}/metadata/synthetic3240_bbox.json", "w"))
PY
annotations="$work/is3/metadata/synthetic3240_bbox.json"
"$python" "$root/tools/bench/official_evaluate.py" --official "$official" --annotations "$annotations" --save-checkpoint "$work/ours.pth.tar" 2>/dev/null
"$root/soundsight" --help >/dev/null  # build once, outside the timing
# The default backend is timed once per machine, build, shape and batch class and then cached: done here, on a
# 16-entry slice, so that no timed run pays it.
"$python" -c "import json,sys; json.dump(json.load(open(sys.argv[1]))[:16], open(sys.argv[2], 'w'))" "$annotations" "$work/warm.json"
"$root/soundsight" evaluate --benchmark is3 --annotations "$work/warm.json" --data-root "$work/is3" --checkpoint "$work/ours.pth.tar" \
  --threads "$threads" --batch 16 >/dev/null 2>&1

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ours=(); ogl=(); theirs=()
for r in $(seq 1 "$repeats"); do
  s=$(date +%s.%N)
  "$root/soundsight" evaluate --benchmark is3 --annotations "$annotations" --data-root "$work/is3" --checkpoint "$work/ours.pth.tar" \
    --threads "$threads" --batch 16 >/dev/null 2>"$work/ours.err" || { cat "$work/ours.err" >&2; exit 1; }
  ours+=("$(echo "$(date +%s.%N) - $s" | bc -l)")
  s=$(date +%s.%N)
  "$root/soundsight" evaluate --benchmark is3 --annotations "$annotations" --data-root "$work/is3" --checkpoint "$work/ours.pth.tar" \
    --threads "$threads" --batch 16 --ogl >/dev/null 2>"$work/ogl.err" || { cat "$work/ogl.err" >&2; exit 1; }
  ogl+=("$(echo "$(date +%s.%N) - $s" | bc -l)")
  s=$(date +%s.%N)
  "$python" "$root/tools/bench/official_evaluate.py" --official "$official" --annotations "$annotations" --threads "$threads" \
    --batch 16 --workers "$threads" >/dev/null 2>"$work/official.err" || { tail -3 "$work/official.err" >&2; exit 1; }
  theirs+=("$(echo "$(date +%s.%N) - $s" | bc -l)")
  echo "repeat $r: soundsight ${ours[-1]} s, soundsight --ogl ${ogl[-1]} s, official ${theirs[-1]} s" >&2
done
o=$(printf '%s\n' "${ours[@]}" | median); g=$(printf '%s\n' "${ogl[@]}" | median); t=$(printf '%s\n' "${theirs[@]}" | median)
echo "| evaluate, $n IS3-layout entries, ${size} JPEGs, $threads threads, median of $repeats | seconds | entries/s | vs official test.py |"
echo "| --- | --- | --- | --- |"
printf '| SoundSight `evaluate --data-root --checkpoint` | %.1f | %.1f | %.2fx |\n' "$o" "$(echo "$n / $o" | bc -l)" "$(echo "$t / $o" | bc -l)"
printf '| SoundSight, with `--ogl` (as test.py, which always runs OGL) | %.1f | %.1f | %.2fx |\n' "$g" "$(echo "$n / $g" | bc -l)" "$(echo "$t / $g" | bc -l)"
printf '| official test.py loop (validate_lvs, DataLoader with %s workers) | %.1f | %.1f | 1.00x |\n' "$threads" "$t" "$(echo "$n / $t" | bc -l)"
