#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster (initdb + pg_ctl on a free port, data and socket in a temp dir) and prints
# its Npgsql connection string. `scripts/postgres.sh stop DIR` stops it and removes the dir.
# PostgreSQL refuses to run as root, so as root it runs as the postgres user.
# PG_OPTS adds server settings, e.g. PG_OPTS="-c log_min_duration_statement=200" to see slow statements in DIR/server.log.
set -euo pipefail
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "${1:-start}" = stop ]; then
  dir=${2:?usage: postgres.sh stop DIR}
  as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

dir=$(mktemp -d /tmp/opencsp-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
port=
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free port found" >&2; exit 1; }
as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
# Durability is pointless for a cluster thrown away after the run; these settings make it fast.
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 ${PG_OPTS:-}" >/dev/null
echo "DIR=$dir"
echo "PORT=$port"
echo "CONNECTION=Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
