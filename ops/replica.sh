#!/usr/bin/env bash
# A PostgreSQL streaming replica of a running primary (issue 16 item 4; docs/scaling.md §6d).
#
#   ops/replica.sh PRIMARY_HOST PRIMARY_PORT DATA_DIR PORT
#
# Copies the primary with pg_basebackup -R (a base backup that writes primary_conninfo and
# standby.signal, streaming the WAL it needs), then starts it as a hot standby on PORT
# (127.0.0.1 only; its log is DATA_DIR/replica.log). The primary must allow replication
# connections from here for PGUSER (default postgres): initdb's own pg_hba.conf does for
# 127.0.0.1 with trust; otherwise add "host replication <user> <address>/32 scram-sha-256" and a
# password in ~/.pgpass. Then point the app at it: DATABASE_REPLICA_URL=postgres://...:PORT/<db>.
#
# Stop it:     pg_ctl -D DATA_DIR -m fast stop
# Promote it (the primary is lost for good): pg_ctl -D DATA_DIR promote
# As root, the cluster runs as the postgres OS user. PG_BIN picks the server binaries.
set -euo pipefail
if [ $# -ne 4 ]; then
  sed -n '2,16p' "$0" >&2
  exit 2
fi
primary_host=$1 primary_port=$2 data=$3 port=$4
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PGUSER=${PGUSER:-postgres}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -e "$data" ] && [ -n "$(ls -A "$data" 2>/dev/null)" ]; then
  echo "ops/replica.sh: $data is not empty" >&2
  exit 1
fi
mkdir -p "$data"
chmod 700 "$data"
[ "$(id -u)" = 0 ] && chown postgres: "$data"

started=$(date +%s%N)
as_pg "$PG_BIN/pg_basebackup" -h "$primary_host" -p "$primary_port" -U "$PGUSER" -D "$data" \
  -R -X stream -c fast --no-sync
# The copy carries the primary's settings; a standby does not archive (archive_mode=on acts only
# on a primary), and these override what must differ here.
as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$data/replica.log" -w -t 60 \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $data -c hot_standby=on" start >/dev/null
echo "replica on 127.0.0.1:$port from $primary_host:$primary_port ($data), ready in" \
  "$(( ($(date +%s%N) - started) / 1000000 )) ms"
