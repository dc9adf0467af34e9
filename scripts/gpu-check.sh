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
    --kccv "$kit/Alignment" --python "$python" --pipeline-data "$kit/pipeline-data/manifest.csv" --end-to-end
  if [ "${PRECISION:-fp32}" = bf16 ]; then
    echo
    part "the bf16 step bench" "$cli" bench train --device "$device" --batch "$batch" --image-size "$size" --steps "$steps" --precision bf16
  fi
  echo
  official=()
  if "$python" -c 'import cv2, pandas, soundfile, scipy, torchvision' 2>/dev/null; then
    official=(--kccv "$kit/Alignment" --python "$python")
  else
    echo "(the authors' DataLoader is not timed: $python lacks one of cv2, pandas, soundfile, scipy, torchvision)"
  fi
  part "the pipeline-only bench" "$cli" bench train --pipeline-only --profile --pipeline-data "$kit/pipeline-data/manifest.csv" --batch "$batch" \
    --image-size "$size" ${official[@]+"${official[@]}"}
} 2>&1 | tee "$report"
