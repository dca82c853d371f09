#!/usr/bin/env bash
# Billing benchmark on a throwaway PostgreSQL: N subscriptions' ledger lines (three each) in last month, closed by one
# billing run, beside PostgreSQL's binary COPY of as many rows measured in the same run. Usage: bench/billing.sh [subscriptions]
exec "$(dirname "$0")/on-postgres.sh" billing "${1:-100000}"
