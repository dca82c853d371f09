#!/usr/bin/env bash
# Lifecycle benchmark on a throwaway PostgreSQL: N subscriptions fall due at once and the due-work sweep renews them,
# beside PostgreSQL's own insert rate for N rows measured in the same run. Usage: bench/lifecycle.sh [count]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
pg=$(scripts/postgres.sh)
pg_dir=$(sed -n 's/^DIR=//p' <<<"$pg")
pg_port=$(sed -n 's/^PORT=//p' <<<"$pg")
trap 'scripts/postgres.sh stop "$pg_dir"' EXIT
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
"$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE opencsp_lifecycle" postgres
dotnet build -c Release -v quiet -nologo bench/OpenCsp.Bench >/dev/null
/usr/bin/time -f "process peak RSS: %M KiB" dotnet bench/OpenCsp.Bench/bin/Release/net10.0/OpenCsp.Bench.dll lifecycle \
  "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=opencsp_lifecycle" "$count"
