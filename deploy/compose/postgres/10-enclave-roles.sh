#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume:
# the roles and database of docs/operations.md ("On an existing PostgreSQL
# server"), with passwords from the compose secrets.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
	-v owner="$(cat /run/secrets/db-owner-password)" \
	-v service="$(cat /run/secrets/db-service-password)" <<'SQL'
CREATE ROLE enclave_owner LOGIN PASSWORD :'owner';
CREATE ROLE enclave_service LOGIN PASSWORD :'service';
CREATE ROLE enclave_service_research NOLOGIN;
GRANT enclave_service_research TO enclave_service;
CREATE DATABASE enclave OWNER enclave_owner;
REVOKE ALL ON DATABASE enclave FROM PUBLIC;
GRANT CONNECT ON DATABASE enclave TO enclave_service;
SQL
