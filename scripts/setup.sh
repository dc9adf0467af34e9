#!/usr/bin/env bash
# Installs what SoundSight needs from the system, idempotently: ffmpeg (video frames and audio tracks) and
# libturbojpeg0 (libjpeg-turbo's SIMD JPEG decoder; without it JPEGs decode, three times slower, through SkiaSharp).
# With --browser (what scripts/test.sh and CI pass) also Debian's chromium and chromium-driver, which the web page's
# browser test drives headless (no browser is ever downloaded from elsewhere).
# With --reference also the Python stack the authors' code needs (what `bench --official`, tools/bench and
# tools/golden run under /usr/bin/python3): torch, torchvision, torchaudio, scipy, OpenCV, Pillow, soundfile,
# pandas, easydict, PyAV, scikit-learn and matplotlib (their test.py and utils.py import the last two).
# The .NET SDK itself is assumed present. Safe to run any number of times; does nothing when all is there.
set -euo pipefail
quiet=0
browser=0
reference=0
for arg in "$@"; do
  case "$arg" in
    --quiet) quiet=1 ;;
    --browser) browser=1 ;;
    --reference) reference=1 ;;
    *) echo "setup: unknown option $arg (want --quiet, --browser, --reference)" >&2; exit 2 ;;
  esac
done

# A library by file, not by ldconfig: ldconfig is not on an ordinary user's PATH.
have_library() {
  local dir
  for dir in /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
    [ -e "$dir/$1" ] && return 0
  done
  return 1
}

required=()
optional=()
command -v ffmpeg >/dev/null 2>&1 || required+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || required+=(ffmpeg)
have_library libturbojpeg.so.0 || optional+=(libturbojpeg0)
if [ $browser -eq 1 ]; then
  # Optional: without them the browser test is skipped (with its reason), everything else runs.
  [ -x /usr/bin/chromium ] || optional+=(chromium)
  [ -x /usr/bin/chromedriver ] || optional+=(chromium-driver)
fi
if [ $reference -eq 1 ]; then
  # Required when asked for: the official side cannot run without any of them.
  for module_package in torch:python3-torch torchvision:python3-torchvision torchaudio:python3-torchaudio \
      scipy:python3-scipy cv2:python3-opencv PIL:python3-pil soundfile:python3-soundfile pandas:python3-pandas \
      easydict:python3-easydict av:python3-av sklearn:python3-sklearn matplotlib:python3-matplotlib; do
    /usr/bin/python3 -c "import ${module_package%%:*}" >/dev/null 2>&1 || required+=("${module_package#*:}")
  done
fi

if [ ${#required[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ]; then
  [ $quiet -eq 1 ] || echo "setup: system packages already present"
  exit 0
fi

pkgs=$(printf '%s\n' ${required[@]+"${required[@]}"} ${optional[@]+"${optional[@]}"} | sort -u | tr '\n' ' ')
pkgs="${pkgs% }"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    if [ ${#required[@]} -eq 0 ]; then
      # Only optional packages are missing: everything works without them.
      [ $quiet -eq 1 ] || echo "setup: not root, so $pkgs is not installed (JPEGs decode through SkiaSharp, slower; the browser test is skipped)" >&2
      exit 0
    fi
    echo "setup: need root to install: $pkgs (run: apt-get install -y $pkgs)" >&2; exit 1; fi
else SUDO=""; fi

echo "setup: installing $pkgs ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends $pkgs >/dev/null
echo "setup: done" >&2
