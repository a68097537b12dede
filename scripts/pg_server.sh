#!/usr/bin/env bash
# A private, throw-away PostgreSQL server for the tests (and for trying the postgres target locally).
#
#   eval "$(bash scripts/pg_server.sh start /tmp/idr-pg)"   # prints the PG* variables to export
#   bash scripts/pg_server.sh stop /tmp/idr-pg              # stops it by its pid
#
# start: installs Debian's `postgresql` when no initdb is found (apt-get update; apt-get install -y
# postgresql), creates a cluster in DIR/data with initdb (trust authentication, superuser
# `postgres`, database `identity`), starts it with pg_ctl on 127.0.0.1 on a free port (its
# socket in DIR too, nothing system-wide) and prints `export PGHOST=... PGPORT=... PGUSER=...
# PGDATABASE=...`. PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres`
# system user (created by the Debian package) and runs through runuser, so DIR must be a folder
# that user can reach (e.g. under /tmp, not under a 0700 home or pytest folder).
# stop: sends SIGINT (fast shutdown) to the pid in DIR/data/postmaster.pid, waits up to 30 s,
# then SIGKILL. Never stops any other server.
set -euo pipefail

command=${1:-}
dir=${2:-}
if [ -z "$command" ] || [ -z "$dir" ]; then
    echo "usage: pg_server.sh start|stop DIR" >&2
    exit 2
fi

find_bindir() {
    local initdb
    initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || true)
    if [ -n "$initdb" ]; then
        dirname "$initdb"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop_server() {
    local pidfile="$dir/data/postmaster.pid" pid
    if [ ! -f "$pidfile" ]; then
        echo "pg_server: no server running in $dir" >&2
        return 0
    fi
    pid=$(head -1 "$pidfile")
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || { echo "pg_server: stopped pid $pid" >&2; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    echo "pg_server: killed pid $pid after 30 s" >&2
}

start_server() {
    local bindir port
    bindir=$(find_bindir)
    if [ -z "$bindir" ]; then
        echo "pg_server: installing Debian's postgresql" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        bindir=$(find_bindir)
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$dir"
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bindir/initdb" --pgdata="$dir/data" --username=postgres --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2 || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt \
        -c "select 1 from pg_database where datname = 'identity'" | grep -q 1 \
        || as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres identity
    echo "export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGPASSWORD= PGDATABASE=identity"
}

case "$command" in
    start) start_server ;;
    stop) stop_server ;;
    *) echo "usage: pg_server.sh start|stop DIR" >&2; exit 2 ;;
esac
