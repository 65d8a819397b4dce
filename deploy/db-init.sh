#!/bin/sh
# Once, after Patroni has bootstrapped the cluster: the gateway's own role and database, through HAProxy's write
# port (so it runs on whichever node leads). Idempotent: running it again changes nothing.
# Needs: PGHOST, PGPORT (the write port), PGUSER=postgres, PGPASSWORD (the superuser's), DMC_DB_PASSWORD.
# Compose's db-init service runs it; FailoverTest runs this very file.
set -eu
until pg_isready -q -d postgres; do sleep 1; done
psql -v ON_ERROR_STOP=1 -v pw="$DMC_DB_PASSWORD" -d postgres <<'SQL'
SELECT format('CREATE ROLE dmc LOGIN PASSWORD %L', :'pw') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dmc')
\gexec
SELECT 'CREATE DATABASE dmc OWNER dmc' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'dmc')
\gexec
SQL
echo "db-init: role dmc and database dmc are there"
