#!/usr/bin/env bash
# Refreshes the API's OpenAPI document and the client generated from it, after a change to the API:
#   1. docs/api/openapi.json: the document the app serves, written by ApiClientTests (its freshness test) when
#      API_DOCUMENT_REFRESH=1; without it, that test fails while the two differ;
#   2. tests/CodRocket.Stock.ApiClient/Generated: the C# client Kiota (a local tool, dotnet-tools.json) generates from
#      that file, with the document's SHA-256 beside it so the same test knows which document the client was made from.
# Commit all three. With ConnectionStrings__Stock set the tests use that server; otherwise a throwaway PostgreSQL is
# started under .local/ (scripts/lib/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${ConnectionStrings__Stock:-}" ]; then
    # shellcheck source=lib/postgres.sh
    source scripts/lib/postgres.sh
    pg_start test "${PG_TEST_PORT:-55433}" fast
    export ConnectionStrings__Stock="$PG_SERVER"
fi

API_DOCUMENT_REFRESH=1 dotnet test --project tests/CodRocket.Stock.IntegrationTests -c Release \
    -- --filter-method "*The_document_the_app_serves_is_docs_api_openapi_json*"

client=tests/CodRocket.Stock.ApiClient/Generated
dotnet tool restore >/dev/null
# Offline: no update check; the description is a local file.
KIOTA_OFFLINE_ENABLED=true dotnet kiota generate --language CSharp --openapi docs/api/openapi.json --output "$client" \
    --class-name StockApiClient --namespace-name CodRocket.Stock.ApiClient --clean-output --exclude-backward-compatible \
    --log-level Warning
rm -f "$client/.kiota.log"
sha256sum docs/api/openapi.json | cut -d' ' -f1 >"$client/openapi.sha256"
git status --short docs/api "$client"
