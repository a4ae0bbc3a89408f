#!/usr/bin/env bash
# Prints "N passed, N failed, N skipped" for the TRX files in a results directory (scripts/test.sh's closing line).
# Counted from each test's own <UnitTestResult outcome="...">: xunit's skipped tests are outcome="NotExecuted"
# there, while the summary's <Counters notExecuted="..."> stays 0 (see fixtures/trx/README.md).
set -uo pipefail
outcomes="$(cat "$1"/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*' | grep -o ' outcome="[A-Za-z]*"' | cut -d'"' -f2)"
count() { printf '%s\n' "$outcomes" | grep -cxE "$1" || true; }
echo "$(count Passed) passed, $(count 'Failed|Error|Timeout|Aborted') failed, $(count 'NotExecuted|Inconclusive') skipped"
