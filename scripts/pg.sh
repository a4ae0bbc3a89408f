#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster in a directory of its own, on a free loopback port, run as the `postgres`
# user (initdb refuses root). Used by scripts/test.sh and scripts/cluster.sh; nothing else on the machine is touched.
#
#   scripts/pg.sh start DIR   creates the cluster in DIR when it is new, starts it, prints its connection string
#   scripts/pg.sh stop DIR    stops it (the directory stays; delete it to throw the data away)
set -euo pipefail

usage() { echo "usage: scripts/pg.sh start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$(realpath -m "$2")

bindir() {
  local b
  b=$(pg_config --bindir 2>/dev/null || true)
  # Debian keeps initdb and pg_ctl off PATH; pg_config from libpq-dev may point at a directory without them.
  for candidate in "$b" /usr/lib/postgresql/*/bin; do
    [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

as_postgres() { runuser -u postgres -- "$@"; }

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  echo "pg.sh: no free port found" >&2; return 1
}

case "$action" in
  start)
    if ! bin=$(bindir) || ! id postgres >/dev/null 2>&1; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "pg.sh: installing PostgreSQL from Debian packages..." >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        bin=$(bindir)
      else
        echo "pg.sh: PostgreSQL is not installed; as root: apt-get install -y postgresql" >&2; exit 1
      fi
    fi
    [ "$(id -u)" = 0 ] || { echo "pg.sh: run as root (the cluster runs as the postgres user)" >&2; exit 1; }
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      # Trust on loopback only: a throwaway cluster for tests and a local demo, never a production set-up.
      as_postgres "$bin/initdb" -D "$dir" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      port=$(sed -n 4p "$dir/postmaster.pid")
    else
      port=$(free_port)
      as_postgres "$bin/pg_ctl" -D "$dir" -w -t 60 -l "$dir/log" \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${PG_FSYNC:-on}" start >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    bin=$(bindir) || exit 0
    [ -f "$dir/postmaster.pid" ] && as_postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    ;;
  *) usage ;;
esac
