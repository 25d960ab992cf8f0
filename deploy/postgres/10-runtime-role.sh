#!/bin/sh
# First start of the database only (docker-entrypoint-initdb.d): the login the app runs as. It owns nothing and may
# create nothing; it is a member of codrocket_app, the role row-level security binds, which `migrate` (as the schema's
# owner, POSTGRES_USER) grants DML on the app's tables and Hangfire's.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v runtime_user="$APP_DB_USER" -v runtime_password="$APP_DB_PASSWORD" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'codrocket_app') THEN CREATE ROLE codrocket_app NOLOGIN; END IF;
END $$;
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE codrocket_app', :'runtime_user', :'runtime_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'runtime_user') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'runtime_user') \gexec
SQL
