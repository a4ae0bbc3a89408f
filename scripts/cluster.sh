#!/usr/bin/env bash
# A local MarketWatch cluster to try scaling out: a throwaway PostgreSQL (scripts/pg.sh), the sandbox
# marketplace, and two `serve` nodes sharing the database (one Quartz cluster, evidence in the database).
#
#   scripts/cluster.sh [DIR]        start it (default DIR: ./cluster); prints the URLs and the sign-in
#   scripts/cluster.sh stop [DIR]   stop the nodes, the sandbox and PostgreSQL (DIR keeps the data; delete it to start over)
#
# Patrols fire every 3 minutes on whichever node wins the fire. Kill the node crawling with `kill -9` and
# watch the other one take the patrol over and finish the same crawl run (the Crawl health page, /health).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

if [ "${1:-}" = stop ]; then
  dir=$(realpath -m "${2:-cluster}")
  for p in node1 node2 sandbox; do
    [ -f "$dir/$p.pid" ] && kill "$(cat "$dir/$p.pid")" 2>/dev/null && echo "stopped $p"
    rm -f "$dir/$p.pid"
  done
  scripts/pg.sh stop "$dir/pg" && echo "stopped PostgreSQL"
  exit 0
fi

dir=$(realpath -m "${1:-cluster}")
mkdir -p "$dir"
scripts/setup.sh
mw() { dotnet "$repo/src/MarketWatch/bin/Release/net10.0/marketwatch.dll" "$@"; }

server=$(scripts/pg.sh start "$dir/pg")
port=$(echo "$server" | sed -n 's/.*Port=\([0-9]*\).*/\1/p')
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'marketwatch'" | grep -q 1 \
  || psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE marketwatch"
export MarketWatch__Database__Provider=Postgres
export MarketWatch__Database__ConnectionString="Host=127.0.0.1;Port=$port;Username=postgres;Database=marketwatch"

free_port() {
  local p
  while :; do p=$(( 20000 + RANDOM % 40000 )); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done
}
wait_http() { for _ in $(seq 1 240); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "cluster.sh: $1 did not answer; see $2" >&2; exit 1; }
start() { # name, then the command line; runs detached, logs to DIR/name.log
  local name=$1; shift
  if [ -f "$dir/$name.pid" ] && kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then kill "$(cat "$dir/$name.pid")"; sleep 1; fi
  setsid "$@" >"$dir/$name.log" 2>&1 < /dev/null &
  echo $! >"$dir/$name.pid"
}

sandbox="http://127.0.0.1:$(free_port)"
start sandbox dotnet "$repo/src/MarketWatch/bin/Release/net10.0/marketwatch.dll" sandbox --urls "$sandbox"
wait_http "$sandbox/tokopedia/robots.txt" "$dir/sandbox.log"

# The demo schedule: every marketplace every 3 minutes against the sandbox, two queries of 3 pages each,
# at the sites' default politeness (a few seconds between pages), so a patrol lasts long enough to kill a node in it.
python3 - "$repo/appsettings.json" "$dir/appsettings.json" "$sandbox" <<'EOF'
import json, sys
config = json.load(open(sys.argv[1]))
schedules = config.setdefault("Schedules", {})
schedules["SandboxUrl"] = sys.argv[3]
for p in schedules.get("Patrols", []):
    p.update(Cron="0 0/3 * * * ?", JitterSeconds=0, Windows=[], Pages=3, Queries=["unblock imei", "jual imei"])
json.dump(config, open(sys.argv[2], "w"), indent=2)
EOF

password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
mw --config "$dir/appsettings.json" --data-dir "$dir/node1" user list | grep -q '^demo ' \
  && echo "$password" | mw --config "$dir/appsettings.json" --data-dir "$dir/node1" user passwd --name demo >/dev/null \
  || echo "$password" | mw --config "$dir/appsettings.json" --data-dir "$dir/node1" user add --name demo --role admin >/dev/null

urls=()
for n in 1 2; do
  url="http://127.0.0.1:$(free_port)"
  start "node$n" dotnet "$repo/src/MarketWatch/bin/Release/net10.0/marketwatch.dll" --config "$dir/appsettings.json" --data-dir "$dir/node$n" serve --urls "$url"
  urls+=("$url")
done
for n in 1 2; do wait_http "${urls[$((n-1))]}/signin" "$dir/node$n.log"; done

cat <<EOF

MarketWatch cluster in $dir
  node 1     ${urls[0]}   (pid $(cat "$dir/node1.pid"), log $dir/node1.log)
  node 2     ${urls[1]}   (pid $(cat "$dir/node2.pid"), log $dir/node2.log)
  sign in    demo / $password   (admin, on either node: one database, one queue)
  sandbox    $sandbox
  database   $MarketWatch__Database__ConnectionString

Patrols fire every 3 minutes (minutes 0, 3, 6, ...), each on one node; "Run now" on /health fires one at once.
Kill the node that is crawling:  kill -9 \$(cat $dir/node1.pid)   (the crawling node is in CrawlRuns.LeaseOwner
as host:pid:..., and in its log). The other node takes the patrol over within about 20 s and resumes the same run.
Stop everything:                 scripts/cluster.sh stop $dir
EOF
