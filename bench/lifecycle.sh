#!/usr/bin/env bash
# Lifecycle benchmark on a throwaway PostgreSQL: N subscriptions fall due at once and the due-work sweep renews them,
# beside PostgreSQL's own insert rate for N rows measured in the same run. Usage: bench/lifecycle.sh [count]
exec "$(dirname "$0")/on-postgres.sh" lifecycle "${1:-100000}"
