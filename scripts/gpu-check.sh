#!/usr/bin/env bash
# Issue 7's GPU measurements in one call, on a machine with an NVIDIA GPU and PyTorch (CUDA) but no .NET, from the
# repository root, with the kit from scripts/make-gpu-kit.sh:
#   bash scripts/gpu-check.sh gpu-kit
# 1. the training step at B = 128, 224 px, fp32, alignment method (three views), SoundSight beside the authors'
#    PyTorch step on the same GPU; the input pipeline's rate; training fed by the real pipeline (end to end);
# 2. the input pipeline alone on every core, with one thread's milliseconds per stage, beside the authors' DataLoader
#    on the same cores when this Python has what their loader imports (cv2, pandas, soundfile, scipy, torchvision).
# Results go to stdout and to ${OUT:-/tmp}/gpu-check.md. A dry run on a CPU machine: DEVICE=cpu BATCH=4 SIZE=112
# STEPS=1 TORCH_LIB=<a libtorch 2.10 folder> (Debian's PyTorch is too old for TorchSharp 0.107).
set -euo pipefail
kit="${1:-gpu-kit}"
steps="${STEPS:-10}"
device="${DEVICE:-cuda}"
batch="${BATCH:-128}"
size="${SIZE:-224}"
[ -f "$kit/soundsight-gpu.tar.xz" ] || { echo "gpu-check: $kit/soundsight-gpu.tar.xz not found (scripts/make-gpu-kit.sh makes it)" >&2; exit 2; }
python="${PYTHON:-python3}"
torchlib="${TORCH_LIB:-$("$python" -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}"
# Unpacked again whenever the kit was rebuilt after the last unpacking (a stale CLI would time old code).
if [ ! -d "$kit/soundsight-gpu" ] || [ "$kit/soundsight-gpu.tar.xz" -nt "$kit/soundsight-gpu/.unpacked" ]; then
  rm -rf "$kit/soundsight-gpu"
  tar -C "$kit" -xJf "$kit/soundsight-gpu.tar.xz"
  touch "$kit/soundsight-gpu/.unpacked"
fi
cli="$kit/soundsight-gpu/SoundSight.Cli"
export LD_LIBRARY_PATH="$torchlib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
report="${OUT:-/tmp}/gpu-check.md"
work="${WORK:-/tmp/gpu-check}"
mkdir -p "$work"
# The GPU machine has no ffmpeg: the pipeline data are made there by Python (numpy, OpenCV) unless the kit has them.
data="$kit/pipeline-data/manifest.csv"
if [ ! -f "$data" ]; then
  "$python" "$(dirname "$0")/../tools/bench/make_pipeline_data.py" "$work/pipeline-data" 256 >/dev/null
  data="$work/pipeline-data/manifest.csv"
fi
# TorchSharp's native bridge is built against libtorch 2.10; a PyTorch of another minor version may lack its symbols.
# Then (and only then) the bridge is compiled here against that PyTorch's own headers, from TorchSharp's source in
# the kit (scripts/make-gpu-kit.sh copies src/Native of the pinned TorchSharp when given its checkout).
if ! "$cli" localize --sample --device "$device" --backend torch --out "$work/smoke" >"$work/smoke.log" 2>&1; then
  echo "gpu-check: the first localize on $device failed:"; tail -n 5 "$work/smoke.log"
  if [ -d "$kit/torchsharp-native/src/Native/LibTorchSharp" ]; then
    echo "gpu-check: compiling TorchSharp's native bridge against $torchlib"
    bash "$(dirname "$0")/build-libtorchsharp.sh" "$kit/torchsharp-native/src/Native" "$(dirname "$torchlib")" "$kit/soundsight-gpu" \
      && "$cli" localize --sample --device "$device" --backend torch --out "$work/smoke" >"$work/smoke.log" 2>&1 \
      && echo "gpu-check: the rebuilt bridge works" || { echo "gpu-check: still failing:"; tail -n 20 "$work/smoke.log"; }
  fi
fi
# Each part reports its own failure and the next still runs: one GPU call has to bring back all it can.
part() {
  local name="$1"
  shift
  "$@" || echo "gpu-check: $name failed (exit $?)"
}
{
  echo "# gpu-check $(date -u +%Y-%m-%dT%H:%MZ) at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
  echo "cores: $(nproc); $("$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)')"
  echo
  part "the step, pipeline and end-to-end bench" "$cli" bench train --device "$device" --batch "$batch" --image-size "$size" --steps "$steps" \
    --kccv "$kit/Alignment" --python "$python" --pipeline-data "$data" --end-to-end
  if [ "${PRECISION:-fp32}" = bf16 ]; then
    echo
    part "the bf16 step bench" "$cli" bench train --device "$device" --batch "$batch" --image-size "$size" --steps "$steps" --precision bf16
  fi
  echo
  # Localize on the GPU against the CPU path of the same libtorch, on a checkpoint the authors' model class writes,
  # and evaluate's throughput on IS3-style scenes composed from the repository's kit, on the GPU and on every core.
  if [ -d "$kit/SSLalignment" ] && "$python" "$(dirname "$0")/../tools/bench/write_official_checkpoint.py" \
      --official "$kit/SSLalignment" --out "$work/official.pth.tar" >/dev/null; then
    scenes="${EVAL_SCENES:-100}"
    "$cli" compose --kit assets/kit --out "$work/is3" --train 0 --val 0 --test "$scenes" --image-size 224 --seed 3 >/dev/null 2>"$work/compose.log"
    test_dir="$work/is3/test"
    for dev in "$device" cpu; do
      rm -rf "$work/maps-$dev"
      for image in $(ls "$test_dir/images" | head -n 6); do
        "$cli" localize --checkpoint "$work/official.pth.tar" --image "$test_dir/images/$image" \
          --audio "$test_dir/audio_wav/${image%.jpg}.wav" --device "$dev" --backend torch --out "$work/maps-$dev" >>"$work/localize.log" 2>&1 || echo "gpu-check: localize of $image on $dev failed (exit $?; $work/localize.log)"
      done
    done
    echo "localize, $device against cpu (torch path, same libtorch):"
    part "the map comparison" "$python" "$(dirname "$0")/../tools/bench/compare_maps.py" "$work/maps-$device" "$work/maps-cpu" --bound 2e-4
    for dev in "$device" cpu; do
      b=16; [ "$dev" = cpu ] || b=64
      start=$(date +%s%N)
      part "evaluate on $dev" "$cli" evaluate --benchmark is3 --annotations "$test_dir/metadata/synthetic3240_bbox.json" \
        --data-root "$test_dir" --checkpoint "$work/official.pth.tar" --device "$dev" --batch "$b" --json "$work/eval-$dev.json" >"$work/evaluate-$dev.log" 2>&1
      end=$(date +%s%N)
      echo "evaluate --data-root --checkpoint on $dev (batch $b): $((scenes * 2)) entries in $(( (end - start) / 1000000 )) ms, CLI start included"
    done
    "$python" -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); print('evaluate metrics, $device vs cpu:', {k: (a[k], b[k]) for k in a if isinstance(a[k], (int, float)) and k in b and a[k] != b[k]} or 'identical')" "$work/eval-$device.json" "$work/eval-cpu.json" || true
  else
    echo "(localize parity and evaluate skipped: no $kit/SSLalignment, or the checkpoint could not be written)"
  fi
  echo
  official=()
  if "$python" -c 'import cv2, pandas, soundfile, scipy, torchvision' 2>/dev/null; then
    official=(--kccv "$kit/Alignment" --python "$python")
  else
    echo "(the authors' DataLoader is not timed: $python lacks one of cv2, pandas, soundfile, scipy, torchvision)"
  fi
  part "the pipeline-only bench" "$cli" bench train --pipeline-only --profile --pipeline-data "$data" --batch "$batch" \
    --image-size "$size" ${official[@]+"${official[@]}"}
} 2>&1 | tee "$report"
