#!/usr/bin/env bash
# Runs the whole test suite. With ConnectionStrings__Stock set, tests create their databases on that server;
# otherwise a throwaway PostgreSQL is provisioned under .local/ (root: see scripts/lib/postgres.sh). Installs Chromium for the browser tests
# when it is missing (Debian's package; Playwright drives /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${ConnectionStrings__Stock:-}" ]; then
    # shellcheck source=lib/postgres.sh
    source scripts/lib/postgres.sh
    pg_start test "${PG_TEST_PORT:-55433}" fast
    export ConnectionStrings__Stock="$PG_SERVER"
fi

if [ ! -x /usr/bin/chromium ]; then
    sudo=""
    [ "$(id -u)" != 0 ] && sudo="sudo"
    echo "Installing Chromium for the browser tests..." >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

# The whole output goes to a log as well; on failure the failed tests are printed again at the very end, so the
# last lines of a long run (all a CI summary may keep) name what failed and why.
mkdir -p artifacts
log=artifacts/test-output.log
status=0
dotnet test --solution CodRocket.Stock.sln -c Release "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" != 0 ]; then
    echo
    echo "=== Failed tests (from $log) ==="
    grep -E -A 30 '^[[:space:]]*failed [^ ]' "$log" | cut -c1-400 | head -n 200 || echo "(no failed test named: see the output above)"
    echo "=== dotnet test exited with $status ==="
fi
exit "$status"
