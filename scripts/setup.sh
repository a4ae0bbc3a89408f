#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine with the .NET 10 SDK: Chromium from Debian's packages when
# no browser is found (Playwright cannot download its own without internet), then restore and build.
set -euo pipefail
cd "$(dirname "$0")/.."

have_browser() {
  [ -n "${MarketWatch__Browser__ExecutablePath:-}" ] && [ -x "${MarketWatch__Browser__ExecutablePath}" ] && return 0
  for b in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
    [ -x "$b" ] && return 0
  done
  ls "${HOME}"/.cache/ms-playwright/chromium-*/chrome-linux*/chrome >/dev/null 2>&1
}

if ! have_browser; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Chromium from Debian packages (about a minute)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
  else
    echo "setup: no Chromium found. Install one (as root: apt-get install -y chromium), or set" >&2
    echo "       MarketWatch__Browser__ExecutablePath to a Chromium binary, then run this again." >&2
    exit 1
  fi
fi

# The takedown PDF is typeset with DejaVu Sans (Exports:FontPath): PDFsharp finds no fonts on Linux by itself.
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing fonts-dejavu-core for the PDF exports..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
  else
    echo "setup: DejaVu Sans is missing; PDF exports will fail until it is installed (as root: apt-get install -y fonts-dejavu-core)" >&2
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore MarketWatch.sln --verbosity quiet
dotnet build MarketWatch.sln -c Release --no-restore --nologo --verbosity quiet

# ReadyToRun: the app and its managed dependencies precompiled to native code, in place in every output that
# runs them. Each `marketwatch` process otherwise spends most of its start in the JIT (a one-page crawl: 11-13 s
# of CPU with the JIT, 8-9 s precompiled), and the tests start a few hundred of them. The files keep their IL,
# so they load everywhere the IL ones did; a later plain `dotnet build` copies the IL ones back, which is only
# slower. See docs/decisions.md ("ReadyToRun after the build").
r2r="src/MarketWatch/obj/r2r-publish"
dotnet publish src/MarketWatch -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  --nologo --verbosity quiet -o "$r2r"
for out in src/MarketWatch/bin/Release/net10.0 tests/MarketWatch.Tests/bin/Release/net10.0 bench/MarketWatch.Bench/bin/Release/net10.0; do
  [ -d "$out" ] || continue
  for dll in "$r2r"/*.dll; do
    # Only files the build put at the top of that output: RID-specific assets keep the build's own layout.
    [ -f "$out/$(basename "$dll")" ] && cp -p "$dll" "$out/"
  done
done
