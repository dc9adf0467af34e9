#!/usr/bin/env bash
# Runs every test: installs system needs (idempotent), builds Release, runs xunit, prints one closing line.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" --quiet --browser || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$root/tests/TestResults"
rm -rf "$results"
dotnet test "$root/SoundSight.slnx" -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
rc=$?
trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$(get passed); failed=$(get failed); total=$(get total); executed=$(get executed)
  skipped=$(( ${total:-0} - ${executed:-0} ))
  echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped} skipped"
fi
exit $rc
