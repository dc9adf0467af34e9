#!/usr/bin/env bash
# Rebuilds the out-of-distribution test kit (assets/ood) from Debian packages that share nothing with the embedded
# kit (Open Clip Art Library drawings, MuseScore General sounds); see docs/learning.md. `study` and `demo` compose
# its IS3-style test set (OutOfDistributionSet: the demo's held-out settings, seed 15) into their output folders.
#   tools/assets/build-ood.sh           # install the Debian packages (idempotent, needs root) and rebuild assets/ood
#   tools/assets/build-ood.sh --check   # rebuild into a temporary folder and compare byte for byte with assets/ood
set -euo pipefail
cd "$(dirname "$0")/../.."
packages=(openclipart-png musescore-general-soundfont-small fluidsynth python3-pil python3-numpy python3-scipy python3-soundfile)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 tools/assets/build_ood.py kit --out "$tmp/ood"
mkdir -p "$tmp/ood/LICENSES"
cp /usr/share/doc/openclipart-png/copyright "$tmp/ood/LICENSES/openclipart-png.copyright"
cp /usr/share/doc/musescore-general-soundfont-small/copyright "$tmp/ood/LICENSES/musescore-general-soundfont-small.copyright"
for p in "${packages[@]}"; do echo "$p $(dpkg-query -W -f='${Version}' "$p")"; done > "$tmp/ood/PACKAGES.txt"
if [ "${1:-}" = "--check" ]; then
  if diff -r -q "$tmp/ood" assets/ood; then
    echo "assets/ood is reproduced exactly by a fresh build" >&2
  else
    echo "assets/ood differs from a fresh build" >&2
    exit 1
  fi
  exit 0
fi
rm -rf assets/ood
cp -r "$tmp/ood" assets/ood
echo "wrote assets/ood ($(du -sh assets/ood | cut -f1))" >&2
