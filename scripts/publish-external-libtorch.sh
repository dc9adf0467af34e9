#!/usr/bin/env bash
# A self-contained SoundSight CLI without libtorch, for a machine that has a PyTorch install (e.g. a GPU server with
# no .NET): it runs on that install's libtorch, CUDA included (docs/gpu.md).
#   scripts/publish-external-libtorch.sh OUT [--slim]
#   LD_LIBRARY_PATH=$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))')/lib OUT/SoundSight.Cli train ... --device cuda
# --slim leaves out the 64 MB ImageNet ResNet-18 (vision_init/audio_init imagenet then need SOUNDSIGHT_IMAGENET_DIR)
# and the 17 MB asset kit (demo, compose): about 70 MB remain, about 25 MB as a .tar.xz.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="${1:?usage: publish-external-libtorch.sh OUT [--slim]}"
imagenet=true
[ "${2:-}" = "--slim" ] && imagenet=false
# The trimmer's output is cached per build folder and not redone when only a feature switch changes: start clean.
rm -rf "$root/src/SoundSight.Cli/obj-external/Release/net10.0/linux-x64/linked"
dotnet publish "$root/src/SoundSight.Cli/SoundSight.Cli.csproj" -c Release -r linux-x64 --self-contained true -nologo -v quiet \
  -p:SoundSightLibTorch=external -p:SoundSightBundleImageNet=$imagenet \
  -p:PublishTrimmed=true -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true \
  -p:JsonSerializerIsReflectionEnabledByDefault=true -o "$out"
# ONNX Runtime's package drops its Windows library into every publish; a Linux folder has no use for it.
rm -f "$out/onnxruntime.dll" "$out/onnxruntime_providers_shared.dll"
[ "$imagenet" = false ] && rm -rf "$out/assets"
# libjpeg-turbo's SIMD decoder (about three times SkiaSharp's JPEG rate, the same bytes), which the GPU machine may
# not have: it needs only libc, and the decoder looks in its own folder first.
turbo=""
for dir in /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
  [ -e "$dir/libturbojpeg.so.0" ] && { turbo="$dir/libturbojpeg.so.0"; break; }
done
if [ -n "$turbo" ]; then
  cp -L "$turbo" "$out/libturbojpeg.so.0"
else
  echo "publish: libturbojpeg.so.0 not found (scripts/setup.sh installs it); JPEGs will decode through SkiaSharp" >&2
fi
echo "published $(du -sh "$out" | cut -f1) to $out"
