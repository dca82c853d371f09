#!/usr/bin/env bash
# The one test command: build with the gate on (warnings are errors, wall-clock reads banned), check formatting,
# start a throwaway PostgreSQL, run every test project on SQLite and PostgreSQL (the dashboard's in Debian's Chromium),
# then run the README's commands.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
config=${CONFIGURATION:-Release}
log=$(mktemp -d /tmp/opencsp-test.XXXXXX)
pg_dir=

cleanup() {
  [ -n "$pg_dir" ] && scripts/postgres.sh stop "$pg_dir"
  rm -rf "$log"
}
trap cleanup EXIT

echo "== build ($config, warnings as errors)"
dotnet build OpenCsp.slnx -c "$config" -nologo -v quiet

echo "== format"
dotnet format OpenCsp.slnx --verify-no-changes --no-restore -v quiet

echo "== axe-core for the browser tests (npm)"
npm ci --prefix tests/OpenCsp.Browser.Tests --no-audit --no-fund --loglevel=error

echo "== PostgreSQL"
pg=$(scripts/postgres.sh)
pg_dir=$(echo "$pg" | sed -n 's/^DIR=//p')
export OPENCSP_TEST_POSTGRES=$(echo "$pg" | sed -n 's/^CONNECTION=//p')
export OPENCSP_REQUIRE_POSTGRES=1
echo "started on $(echo "$pg" | sed -n 's/^PORT=//p')"

echo "== tests (SQLite and PostgreSQL)"
set +e
dotnet test --solution OpenCsp.slnx -c "$config" --no-build 2>&1 | tee "$log/test.out" | grep -vE '^\s*\{"EventId"'
status=${PIPESTATUS[0]}
set -e
summary() { grep -E "^\s+$1: [0-9]+" "$log/test.out" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
passed=$(summary succeeded); failed=$(summary failed); skipped=$(summary skipped)

echo "== README commands"
readme=0
scripts/readme-check.sh || readme=1
[ "$readme" = 0 ] && passed=$((passed + 1)) || failed=$((failed + 1))

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" = 0 ] && [ "$readme" = 0 ]
