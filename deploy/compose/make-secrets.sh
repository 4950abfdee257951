#!/bin/sh
# Makes ./secrets for compose.yaml: random database passwords, the URLs built
# from them, and the audit HMAC key. It never overwrites a file. The Vault
# token and the bootstrap token are made later (deploy/README.md); empty
# files stand in for them until then, and the server refuses to start with
# an empty one.
set -eu
cd "$(dirname "$0")"
umask 077
mkdir -p secrets
chmod 0700 secrets

put() { # put NAME: write stdin to secrets/NAME unless it exists
	if [ -e "secrets/$1" ]; then cat >/dev/null; return; fi
	cat >"secrets/$1"
	# Readable inside the containers, which run as other users; the 0700
	# directory keeps them from other users of this host.
	chmod 0444 "secrets/$1"
}

pw() { openssl rand -hex 24; }
pw | put postgres-password
pw | put db-owner-password
pw | put db-service-password
# The backend network is internal to this host, so the URLs do without TLS;
# use sslmode=verify-full against a PostgreSQL elsewhere.
printf 'postgres://enclave_owner:%s@postgres:5432/enclave?sslmode=disable\n' "$(cat secrets/db-owner-password)" | put migrate-database-url
printf 'postgres://enclave_service:%s@postgres:5432/enclave?sslmode=disable\n' "$(cat secrets/db-service-password)" | put database-url
openssl rand -base64 32 | put audit-hmac-key
: | put vault-token
: | put bootstrap-token
ls -l secrets
