#!/usr/bin/env bash
# Installs what SoundSight needs from the system, idempotently: ffmpeg (video frames and audio tracks).
# The .NET SDK itself is assumed present. Safe to run any number of times; does nothing when all is there.
set -euo pipefail
quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1

missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)

if [ ${#missing[@]} -eq 0 ]; then
  [ $quiet -eq 1 ] || echo "setup: system packages already present"
  exit 0
fi

pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "setup: need root to install: $pkgs (run: apt-get install -y $pkgs)" >&2; exit 1; fi
else SUDO=""; fi

echo "setup: installing $pkgs ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends $pkgs >/dev/null
echo "setup: done" >&2
