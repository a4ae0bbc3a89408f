#!/usr/bin/env bash
# The test command: set up everything, run every test, and end with "N passed, N failed, N skipped"
# computed from the TRX results. Exits non-zero when anything failed (or nothing ran).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || { echo "0 passed, 1 failed"; echo "set-up failed" >&2; exit 1; }

results="$(mktemp -d)"
# A throwaway PostgreSQL for the tests that run on both providers and for the cluster tests; stopped and
# deleted at the end, whatever happened. Without it those tests fail (they are never skipped).
pgdir="$(mktemp -d /tmp/marketwatch-test-pg.XXXXXX)"
cleanup() { scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$pgdir" "$results"; }
trap cleanup EXIT
if server=$(PG_FSYNC=off scripts/pg.sh start "$pgdir"); then
  export MARKETWATCH_TEST_POSTGRES="$server"
else
  echo "PostgreSQL could not be started: the PostgreSQL tests will fail" >&2
fi
dotnet test MarketWatch.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
code=$?

read -r passed _ failed _ skipped _ <<<"$(scripts/trx-summary.sh "$results")"
scripts/trx-failures.sh "$results"   # the failed tests again, where a log cut to its tail still shows them
if [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # the runner itself failed (crash, no results)
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "no test ran" >&2; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
