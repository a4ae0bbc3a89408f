#!/usr/bin/env bash
# The run command: set up everything, then start the review UI with the sandbox demo crawl.
# Extra arguments go to `serve` (for example --urls http://127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec dotnet src/MarketWatch/bin/Release/net10.0/marketwatch.dll serve --demo "$@"
