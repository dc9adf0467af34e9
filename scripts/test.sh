#!/usr/bin/env bash
# Runs every test: installs system needs (idempotent), builds Release, runs xunit, prints one closing line.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" --quiet --browser || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# xunit runs two test classes at a time on this project's 2 cores, and many of them start the CLI or run libtorch:
# libtorch's OpenMP workers spin after each parallel region by default, burning the core the other test needs
# (about 7 % of the suite's CPU in a profile). Sleeping workers took the suite from 8m09s to 6m59s here. Only the
# tests: a single CLI run keeps OpenMP's default, which the speed figures were measured with.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
results="$root/tests/TestResults"
rm -rf "$results"
dotnet test "$root/SoundSight.slnx" -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
rc=$?
trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$(get passed); failed=$(get failed)
  # A skipped test (xunit's dynamic skip, Xunit.SkippableFact) is a result with outcome NotExecuted whose message is
  # the reason; each one is listed so that the summary never counts as run what did not run.
  skips=$(awk '
    /<UnitTestResult / && /outcome="NotExecuted"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1; next }
    want && /<Message>/ { line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line); print "skipped: " name ": " line; want = 0 }
    want && /<\/UnitTestResult>/ { print "skipped: " name; want = 0 }
  ' "$trx")
  skipped=0
  if [ -n "$skips" ]; then
    echo "$skips"
    skipped=$(echo "$skips" | wc -l)
  fi
  echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped} skipped"
fi
exit $rc
