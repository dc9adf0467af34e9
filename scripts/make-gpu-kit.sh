#!/usr/bin/env bash
# Prepares, on a machine with .NET, what scripts/gpu-check.sh needs on a GPU machine that has PyTorch but no .NET
# (the `device` tool: the working tree travels, plus at most 64 MiB of ignored paths named in `carry`):
#   OUT/soundsight-gpu.tar.xz  the trimmed self-contained CLI without libtorch (scripts/publish-external-libtorch.sh --slim)
#   OUT/pipeline-data/         64 JPEG/WAV pairs, a manifest of 256 lines (tools/bench/make_pipeline_data.sh)
#   OUT/Alignment/             the authors' ssl_kccv Alignment code, for the PyTorch reference step
#   scripts/make-gpu-kit.sh gpu-kit /path/to/ssl_kccv
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
[ -f "$out/pipeline-data/manifest.csv" ] && [ "$(wc -l < "$out/pipeline-data/manifest.csv")" -ge 257 ] || "$root/tools/bench/make_pipeline_data.sh" "$out/pipeline-data" 256
rm -rf "$out/Alignment"
cp -r "$kccv/Alignment" "$out/Alignment"
rm -rf "$out/Alignment/.git" "$out/Alignment"/*.pth "$out/Alignment"/checkpoints 2>/dev/null || true
du -sh "$out"
