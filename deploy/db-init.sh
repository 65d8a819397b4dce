#!/bin/sh
# The gateway's own role and database. Patroni runs it once as post_bootstrap, on the node that bootstraps the
# cluster, as the superuser over that node's socket (the superuser has no network access: deploy/patroni.yml),
# passing the connection string as $1. Run by hand on the leader it takes PGHOST/PGPORT instead
# (docker compose exec pg1 dmc-db-init). Running it again changes nothing but a changed password.
# The password is DMC_DB_PASSWORD in the environment, which psql itself reads (\getenv): it never appears on a
# command line, where ps would show it to every user of the host.
set -eu
: "${DMC_DB_PASSWORD:?DMC_DB_PASSWORD must hold the gateway role's password}"
if [ $# -gt 0 ]; then set -- -d "$1"; else set -- -d postgres; fi
until pg_isready -q "$@"; do sleep 1; done
psql -v ON_ERROR_STOP=1 "$@" <<'SQL'
\getenv pw DMC_DB_PASSWORD
SELECT format('CREATE ROLE dmc LOGIN PASSWORD %L', :'pw') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dmc')
\gexec
SELECT format('ALTER ROLE dmc PASSWORD %L', :'pw')
\gexec
SELECT 'CREATE DATABASE dmc OWNER dmc' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'dmc')
\gexec
SQL
echo "db-init: role dmc and database dmc are there"
