#!/usr/bin/env bash
# `train`, `--resume` and `evaluate` with --device cuda as a user runs them, on the GPU machine (PyTorch, no .NET),
# with the kit of scripts/make-gpu-kit.sh, from the repository root:
#   OUT=$OUT bash scripts/gpu-train-check.sh gpu-kit
# Composes 112-px scenes from the repository's kit, trains the reduced recipe from scratch (no ImageNet start: the
# slim CLI leaves those weights out) for STEPS1 steps, resumes to STEPS2, and scores the result on the GPU.
set -uo pipefail
kit="${1:-gpu-kit}"
python="${PYTHON:-python3}"
torchlib="${TORCH_LIB:-$("$python" -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}"
device="${DEVICE:-cuda}"
steps1="${STEPS1:-30}"
steps2="${STEPS2:-60}"
work="${WORK:-/tmp/gpu-train-check}"
if [ ! -d "$kit/soundsight-gpu" ] || [ "$kit/soundsight-gpu.tar.xz" -nt "$kit/soundsight-gpu/.unpacked" ]; then
  rm -rf "$kit/soundsight-gpu"
  tar -C "$kit" -xJf "$kit/soundsight-gpu.tar.xz" && touch "$kit/soundsight-gpu/.unpacked"
fi
cli="$kit/soundsight-gpu/SoundSight.Cli"
export LD_LIBRARY_PATH="$torchlib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
rm -rf "$work" && mkdir -p "$work"
{
  echo "# gpu-train-check $(date -u +%Y-%m-%dT%H:%MZ), device $device"
  "$cli" compose --kit assets/kit --out "$work/data" --train "${SCENES:-600}" --val 100 --test 100 --image-size 112 --seed 5 >/dev/null 2>"$work/compose.log" \
    || { echo "compose failed"; tail -n 5 "$work/compose.log"; }
  common=(--config recipes/alignment-cpu-112.json --out "$work/run" --device "$device" --set "train=$work/data/train/manifest.csv"
    --set "batch_size=${BATCH:-32}" --set neighbour_view=false --set vision_init=scratch --set audio_init=scratch --set checkpoint_every_steps=10)
  start=$(date +%s)
  "$cli" train "${common[@]}" --set "max_steps=$steps1" >"$work/train1.log" 2>&1; echo "train to $steps1 steps: exit $? in $(( $(date +%s) - start )) s"
  start=$(date +%s)
  "$cli" train "${common[@]}" --set "max_steps=$steps2" --resume >"$work/train2.log" 2>&1; echo "resume to $steps2 steps: exit $? in $(( $(date +%s) - start )) s"
  grep -h -E 'resumed|memory|best|step' "$work/train1.log" "$work/train2.log" | grep -v '\[' | tail -n 8
  tail -n 3 "$work/run/metrics.jsonl" | cut -c1-300
  ls "$work/run" "$work/run/checkpoints" | tr '\n' ' '; echo
  start=$(date +%s)
  "$cli" evaluate --benchmark is3 --annotations "$work/data/test/metadata/synthetic3240_bbox.json" --data-root "$work/data/test" \
    --checkpoint "$work/run/last.safetensors" --image-size 112 --audio-seconds 1.5 --device "$device" --json "$work/eval.json" >"$work/eval.log" 2>&1
  echo "evaluate on $device: exit $? in $(( $(date +%s) - start )) s"; grep -v '\[' "$work/eval.log" | tail -n 12
} 2>&1 | tee "${OUT:-/tmp}/gpu-train-check.md"
cp "$work"/*.log "${OUT:-/tmp}/" 2>/dev/null || true
