#!/usr/bin/env bash
# Runs a benchmark: bench/run.sh <name> [options]. Names: alerts, bulk, dashboard, email, email-burst, http, orders, report.
# PG_BENCH_PORT picks the private server's port (default 55434).
# Uses ConnectionStrings__Stock when set, else a private PostgreSQL under .local/ (like the tests, fsync off).
# Each run creates its own database and drops it at the end; raw-SQL baselines (pgbench) run in the same
# invocation against the same server, so the printed ratios compare like with like on a noisy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ConnectionStrings__Stock:-}" ]; then
    # shellcheck source=../scripts/lib/postgres.sh
    source scripts/lib/postgres.sh
    pg_start bench "${PG_BENCH_PORT:-55434}" fast
    export ConnectionStrings__Stock="$PG_SERVER"
fi
export PGBENCH="${PGBENCH:-$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1)}"
dotnet run --project bench/CodRocket.Stock.Bench -c Release -- "$@"
