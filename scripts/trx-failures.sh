#!/usr/bin/env bash
# Lists the failed tests of the TRX files in a results directory: name, duration and the first lines of the
# message. scripts/test.sh prints this just above its closing line, because CI keeps only the tail of a long
# log and a failure printed 20 minutes earlier by the console logger is cut off there.
set -uo pipefail
shopt -s nullglob
files=("$1"/*.trx)
[ "${#files[@]}" -eq 0 ] && exit 0
awk -v max="${2:-12}" '
  function unxml(s) { gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'"'"'", s);
                      gsub(/&#xD;/, "", s); gsub(/&#xA;/, "\n", s); gsub(/&amp;/, "\\&", s); return s }
  # One record per result: a passing result is often a self-closing element, so splitting at the end tag would
  # put several results in one record.
  BEGIN { RS = "<UnitTestResult " }
  NR > 1 && /^[^>]*outcome="(Failed|Error|Timeout|Aborted)"/ {
    name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name)
    dur = $0; sub(/.*duration="/, "", dur); sub(/".*/, "", dur)
    msg = ""
    if (match($0, /<Message>[^<]*<\/Message>/)) msg = substr($0, RSTART + 9, RLENGTH - 19)
    printf "FAILED %s [%s]\n", unxml(name), dur
    n = split(unxml(msg), lines, "\n")
    for (i = 1; i <= n && i <= max; i++) printf "    %s\n", lines[i]
    if (n > max) printf "    ... (%d more lines in the TRX)\n", n - max
    # Where it failed: the frames that name a file of ours, at most three.
    st = ""
    if (match($0, /<StackTrace>[^<]*<\/StackTrace>/)) st = substr($0, RSTART + 12, RLENGTH - 25)
    k = split(unxml(st), frames, "\n"); shown = 0
    for (i = 1; i <= k && shown < 3; i++) if (frames[i] ~ / in .*:line [0-9]+/) { printf "  %s\n", frames[i]; shown++ }
  }' "${files[@]}"
