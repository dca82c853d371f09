#!/usr/bin/env bash
# Billing benchmark on a throwaway PostgreSQL: N subscriptions' ledger lines (three each) in last month, closed by one
# billing run, beside PostgreSQL's binary COPY of as many rows measured in the same run. Usage: bench/billing.sh [subscriptions]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
pg=$(scripts/postgres.sh)
pg_dir=$(sed -n 's/^DIR=//p' <<<"$pg")
pg_port=$(sed -n 's/^PORT=//p' <<<"$pg")
trap '[ -n "${KEEP_PG:-}" ] && cp "$pg_dir/server.log" /tmp/bench-pg.log; scripts/postgres.sh stop "$pg_dir"' EXIT
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
"$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE opencsp_billing" postgres
dotnet build -c Release -v quiet -nologo bench/OpenCsp.Bench >/dev/null
/usr/bin/time -f "process peak RSS: %M KiB" dotnet bench/OpenCsp.Bench/bin/Release/net10.0/OpenCsp.Bench.dll billing \
  "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=opencsp_billing" "$count"
