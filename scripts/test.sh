#!/usr/bin/env bash
# The test command: set up everything, run every test, and end with "N passed, N failed, N skipped"
# computed from the TRX results. Exits non-zero when anything failed (or nothing ran).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || { echo "0 passed, 1 failed"; echo "set-up failed" >&2; exit 1; }

results="$(mktemp -d)"
dotnet test MarketWatch.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
code=$?

read -r passed _ failed _ skipped _ <<<"$(scripts/trx-summary.sh "$results")"
if [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # the runner itself failed (crash, no results)
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "no test ran" >&2; fi
rm -rf "$results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
