#!/usr/bin/env bash
# Compiles TorchSharp's native bridge (libLibTorchSharp.so) against a PyTorch install's own headers and libraries,
# for a GPU machine whose PyTorch is not the libtorch minor version TorchSharp's package was built for:
#   scripts/build-libtorchsharp.sh <TorchSharp checkout>/src/Native <site-packages>/torch CLI_FOLDER
# The result replaces CLI_FOLDER/libLibTorchSharp.so (the original is kept as .orig). Used by gpu-check.sh only
# when the packaged bridge fails to start (docs/gpu.md).
set -euo pipefail
native="${1:?usage: build-libtorchsharp.sh SRC_NATIVE TORCH_DIR CLI_FOLDER}"
torch="${2:?}"
cli="${3:?}"
src="$native/LibTorchSharp"
build="$(mktemp -d)"
inc=(-I"$native" -I"$src" -I"$torch/include" -I"$torch/include/torch/csrc/api/include")
abi=$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))' 2>/dev/null || echo 1)
flags=(-O2 -fPIC -std=c++17 -D_GLIBCXX_USE_CXX11_ABI="$abi" -w)
ls "$src"/*.cpp | xargs -P "$(nproc)" -I{} sh -c 'g++ '"${flags[*]} ${inc[*]}"' -c "{}" -o "'"$build"'/$(basename {}).o"'
gcc -O2 -fPIC -c "$src/crc32c.c" -I"$native" -I"$src" -o "$build/crc32c.o"
g++ -shared -o "$build/libLibTorchSharp.so" "$build"/*.o -L"$torch/lib" -ltorch -ltorch_cpu -lc10 -Wl,-rpath,'$ORIGIN'
[ -f "$cli/libLibTorchSharp.so.orig" ] || cp "$cli/libLibTorchSharp.so" "$cli/libLibTorchSharp.so.orig"
cp "$build/libLibTorchSharp.so" "$cli/libLibTorchSharp.so"
rm -rf "$build"
echo "build-libtorchsharp: rebuilt $cli/libLibTorchSharp.so against $torch"
