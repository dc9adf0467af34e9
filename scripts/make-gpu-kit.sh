#!/usr/bin/env bash
# Prepares, on a machine with .NET, what scripts/gpu-check.sh needs on a GPU machine that has PyTorch but no .NET
# (the `device` tool: the working tree travels, plus at most 64 MiB of ignored paths named in `carry`):
#   OUT/soundsight-gpu.tar.xz  the trimmed self-contained CLI without libtorch (scripts/publish-external-libtorch.sh --slim)
#   OUT/Alignment/             the authors' ssl_kccv Alignment code, for the PyTorch reference step
#   OUT/SSLalignment/          the authors' SSLalignment code (its .py files), whose model writes the parity checkpoint
#   OUT/torchsharp-native/     with a TorchSharp checkout: its src/Native, compiled on the GPU machine only if the
#                              packaged bridge does not start on that machine's PyTorch (scripts/build-libtorchsharp.sh)
#   scripts/make-gpu-kit.sh gpu-kit /path/to/ssl_kccv [/path/to/SSLalignment] [/path/to/TorchSharp]
# The pipeline data (64 JPEG/WAV pairs, 20 MB) are made on the GPU machine by tools/bench/make_pipeline_data.py: with
# the repository (32 MB) and the CLI (21 MB) they would pass the device tool's 64 MiB.
# then on the GPU machine, from the repository root:  bash scripts/gpu-check.sh gpu-kit   (docs/gpu.md)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="${1:?usage: make-gpu-kit.sh OUT /path/to/ssl_kccv}"
kccv="${2:?usage: make-gpu-kit.sh OUT /path/to/ssl_kccv}"
[ -f "$kccv/Alignment/model.py" ] || { echo "make-gpu-kit: $kccv/Alignment/model.py not found (want a checkout of kaistmm/ssl_kccv)" >&2; exit 2; }
"$root/scripts/setup.sh" --quiet
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/scripts/publish-external-libtorch.sh" "$work/soundsight-gpu" --slim
tar -C "$work" -cJf "$out/soundsight-gpu.tar.xz" soundsight-gpu
# A copy a CPU dry run of gpu-check unpacked: 74 MB, over the device tool's 64 MiB carry, and of the old build.
rm -rf "$out/soundsight-gpu"
rm -rf "$out/pipeline-data"
rm -rf "$out/Alignment"
cp -r "$kccv/Alignment" "$out/Alignment"
rm -rf "$out/Alignment/.git" "$out/Alignment"/*.pth "$out/Alignment"/checkpoints 2>/dev/null || true
official="${3:-}"
rm -rf "$out/SSLalignment"
if [ -n "$official" ]; then
  [ -f "$official/model_lvs.py" ] || { echo "make-gpu-kit: $official/model_lvs.py not found (want a checkout of kaistmm/SSLalignment)" >&2; exit 2; }
  mkdir -p "$out/SSLalignment"
  (cd "$official" && find . -name '*.py' -not -path './.git/*' -print0 | tar --null -cf - -T -) | tar -C "$out/SSLalignment" -xf -
fi
torchsharp="${4:-}"
rm -rf "$out/torchsharp-native"
if [ -n "$torchsharp" ]; then
  mkdir -p "$out/torchsharp-native/src"
  cp -r "$torchsharp/src/Native" "$out/torchsharp-native/src/Native"
fi
du -sh "$out"
