#!/usr/bin/env bash
# Rebuilds the embedded asset kit (assets/kit) from files Debian ships; see docs/assets.md.
#   tools/assets/build-kit.sh           # install the Debian packages (idempotent, needs root) and rebuild assets/kit
#   tools/assets/build-kit.sh --check   # rebuild into a temporary folder and compare byte for byte with assets/kit
set -euo pipefail
cd "$(dirname "$0")/../.."
packages=(fonts-noto-color-emoji ruby-gemojione fonts-symbola fluidsynth fluid-soundfont-gm espeak-ng python3-fonttools python3-pil python3-numpy python3-scipy python3-soundfile)
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
for p in "${packages[@]}"; do echo "$p $(dpkg-query -W -f='${Version}' "$p")"; done > /tmp/soundsight-kit-packages.txt
if [ "${1:-}" = "--check" ]; then
  exec /usr/bin/python3 tools/assets/build_kit.py check --kit assets/kit
fi
rm -rf assets/kit.partial
/usr/bin/python3 tools/assets/build_kit.py all --out assets/kit.partial
cp /tmp/soundsight-kit-packages.txt assets/kit.partial/PACKAGES.txt
rm -rf assets/kit
mv assets/kit.partial assets/kit
echo "wrote assets/kit ($(du -sh assets/kit | cut -f1))" >&2
