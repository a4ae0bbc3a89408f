#!/usr/bin/env bash
# Adds an EF Core migration for both providers after a change to Data/Entities.cs or MarketWatchDb.cs:
#   scripts/add-migration.sh NAME
# SQLite's set is in src/MarketWatch/Data/Migrations (context MarketWatchDb), PostgreSQL's in
# src/MarketWatch/Data/Migrations/Postgres (context PostgresMarketWatchDb). Neither needs a running database.
# Hand-written SQL (the append-only triggers) is not generated: a migration that creates or rebuilds
# ReviewDecisions or AuditEntries must add it for each provider (see the Initial / Review migrations).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] && [[ "$1" =~ ^[A-Za-z][A-Za-z0-9]*$ ]] || { echo "usage: scripts/add-migration.sh NAME (letters and digits)" >&2; exit 2; }
dotnet tool restore >/dev/null
dotnet build src/MarketWatch -c Debug --nologo -v q >/dev/null
ef() { dotnet ef migrations add "$1" --project src/MarketWatch --no-build --configuration Debug "${@:2}"; }
ef "$1" --context MarketWatchDb --output-dir Data/Migrations
ef "$1" --context PostgresMarketWatchDb --output-dir Data/Migrations/Postgres
echo "added migration $1 for SQLite and PostgreSQL; both are applied at the next start"
