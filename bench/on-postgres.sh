#!/usr/bin/env bash
# Runs one of the in-process benchmarks (billing, lifecycle) against a throwaway PostgreSQL with its own database, and
# reports the process's peak memory. Usage: bench/on-postgres.sh billing|lifecycle COUNT
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: on-postgres.sh billing|lifecycle COUNT}
count=${2:?usage: on-postgres.sh billing|lifecycle COUNT}
pg=$(scripts/postgres.sh)
pg_dir=$(sed -n 's/^DIR=//p' <<<"$pg")
pg_port=$(sed -n 's/^PORT=//p' <<<"$pg")
trap 'scripts/postgres.sh stop "$pg_dir"' EXIT
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
"$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE opencsp_$mode" postgres
dotnet build -c Release -v quiet -nologo bench/OpenCsp.Bench >/dev/null
/usr/bin/time -f "process peak RSS: %M KiB" dotnet bench/OpenCsp.Bench/bin/Release/net10.0/OpenCsp.Bench.dll "$mode" \
  "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=opencsp_$mode" "$count"
