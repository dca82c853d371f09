#!/usr/bin/env bash
# Checkout benchmark on a throwaway PostgreSQL: pgbench's TPC-B as the reference, then OpenCsp's cart → checkout
# over HTTP with the same number of clients for the same time, and the ratio of the two; then the ceiling: the
# checkout's own SQL replayed by pgbench with no application, and its writes alone. Bounded in time and count;
# loopback only. Usage: bench/run.sh [clients] [seconds]; BENCH_ARGS="--warmup 15" passes options to the client.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-8}
seconds=${2:-20}
port_http=5090
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
server_pid=
pg=$(scripts/postgres.sh)
pg_dir=$(sed -n 's/^DIR=//p' <<<"$pg")
pg_port=$(sed -n 's/^PORT=//p' <<<"$pg")
cleanup() {
  [ -n "$server_pid" ] && kill -- "-$server_pid" 2>/dev/null || true
  scripts/postgres.sh stop "$pg_dir"
}
trap cleanup EXIT

echo "== reference: pgbench TPC-B, $clients clients, $seconds s"
"$bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U postgres -i -s 10 -q postgres >/dev/null 2>&1
tps=$("$bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U postgres -c "$clients" -j 2 -T "$seconds" postgres 2>/dev/null \
  | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | tail -n 1)
echo "pgbench: $tps tps"
"$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE opencsp_bench" postgres

echo "== OpenCsp on the same PostgreSQL"
dotnet build -c Release -v quiet -nologo src/OpenCsp.Server >/dev/null
dotnet build -c Release -v quiet -nologo bench/OpenCsp.Bench >/dev/null
Database__Provider=Postgres ConnectionStrings__OpenCsp="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=opencsp_bench;Maximum Pool Size=100" \
  RateLimiting__PermitsPerMinute=100000000 Logging__LogLevel__Default=Warning ASPNETCORE_URLS="http://127.0.0.1:$port_http" \
  setsid dotnet src/OpenCsp.Server/bin/Release/net10.0/OpenCsp.Server.dll >/tmp/opencsp-bench-server.log 2>&1 &
server_pid=$!
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port_http/healthz" >/dev/null 2>&1 && break; sleep 1; done
dotnet bench/OpenCsp.Bench/bin/Release/net10.0/OpenCsp.Bench.dll --url "http://127.0.0.1:$port_http" --clients "$clients" --seconds "$seconds" --reference-tps "$tps" ${BENCH_ARGS:-}

# The ceiling, with the server stopped: what PostgreSQL alone does with a checkout's SQL, and with its writes alone.
kill -- "-$server_pid" 2>/dev/null || true
server_pid=
echo "== ceiling: the checkout's SQL replayed by pgbench, no application ($clients clients, $seconds s)"
read -r partner customer < <("$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d opencsp_bench -Atc \
  'SELECT "PartnerId", "CustomerId" FROM "Orders" LIMIT 1' | tr '|' ' ')
for script in checkout checkout-writes; do
  replay=$("$bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U postgres -n -c "$clients" -j 2 -T "$seconds" -D partner="$partner" \
    -D customer="$customer" -f "bench/$script.sql" opencsp_bench 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | tail -n 1)
  echo "bench/$script.sql: ${replay:-failed} tps = $(awk -v r="${replay:-0}" -v t="$tps" 'BEGIN { printf "%.2f", r / t }') × pgbench TPC-B"
done
