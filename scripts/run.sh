#!/usr/bin/env bash
# Runs CodRocket Stock with a demo store. With ConnectionStrings__Stock set, uses that database;
# otherwise provisions a private PostgreSQL under .local/ (root: see scripts/lib/postgres.sh), installing Debian's
# package if needed.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-5080}
# Development shows stack traces and the demo password is published: only this machine may connect unless
# HOST says otherwise (HOST=0.0.0.0 to reach it from the network, on a network you trust).
host=${HOST:-127.0.0.1}
if [ -z "${ConnectionStrings__Stock:-}" ]; then
    # shellcheck source=lib/postgres.sh
    source scripts/lib/postgres.sh
    pg_start run "${PG_RUN_PORT:-55432}"
    pg_create_database codrocket_stock
    export ConnectionStrings__Stock="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=codrocket_stock"
fi

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export App__MigrateOnStartup=true
export App__SeedDemoData=true
export App__PublicBaseUrl=${App__PublicBaseUrl:-http://localhost:$port}

dotnet build src/CodRocket.Stock.Web -c Release -v quiet -nologo
cat <<BANNER

  CodRocket Stock is starting on  http://$([ "$host" = 127.0.0.1 ] && echo localhost || echo "$host"):$port
  Sign in as  ${App__DemoEmail:-demo@codrocket.test}  /  ${App__DemoPassword:-Demo-stock-2026}
  (Ctrl+C stops it; the demo data stays in its private PostgreSQL for next time.)

BANNER
exec dotnet run --project src/CodRocket.Stock.Web -c Release --no-build --no-launch-profile --urls "http://$host:$port"
