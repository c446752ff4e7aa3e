#!/usr/bin/env bash
# Continuous WAL archiving, base backups and point-in-time restore (issue 16 item 5;
# docs/scaling.md §7, with the operator's steps).
#
#   ops/backup.sh arsip   PORT ARCHIVE_DIR [TIMEOUT_S]   turn WAL archiving on (then restart PostgreSQL)
#   ops/backup.sh base    PORT BACKUP_DIR                 a base backup: BACKUP_DIR/base-<UTC time>/
#   ops/backup.sh restore BASE_DIR ARCHIVE_DIR DATA_DIR PORT 'TIME'
#                         restore into a fresh cluster in DATA_DIR as it was at TIME (e.g.
#                         '2026-11-30 05:40:00+00'), started on 127.0.0.1:PORT and promoted
#
# The server is reached on 127.0.0.1:PORT as PGUSER (default postgres). As root the files are
# written and the restored cluster runs as the postgres OS user. PG_BIN picks the binaries.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PGUSER=${PGUSER:-postgres}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
milik_pg() { [ "$(id -u)" = 0 ] && chown -R postgres: "$@"; return 0; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U "$PGUSER" -d postgres -c "$2"; }
usage() { sed -n '2,14p' "$0" >&2; exit 2; }

case "${1:-}" in
arsip)
  [ $# -ge 3 ] || usage
  port=$2 arsip=$3 timeout=${4:-60}
  mkdir -p "$arsip"; milik_pg "$arsip"
  # A segment is copied once (never over an existing one) and only reported done when the copy
  # is complete; archive_timeout bounds how old the newest archived change can be (the RPO).
  sql "$port" "ALTER SYSTEM SET archive_mode = 'on'"
  sql "$port" "ALTER SYSTEM SET archive_command = 'test ! -f $arsip/%f && cp %p $arsip/%f.tmp && mv $arsip/%f.tmp $arsip/%f'"
  sql "$port" "ALTER SYSTEM SET archive_timeout = '${timeout}s'"
  sql "$port" "ALTER SYSTEM SET wal_level = 'replica'"
  echo "archiving into $arsip (archive_timeout ${timeout}s) once PostgreSQL on port $port restarts" \
       "(e.g. pg_ctlcluster 15 main restart)"
  ;;
base)
  [ $# -eq 3 ] || usage
  port=$2 dir=$3/base-$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$dir"; milik_pg "$dir"
  mulai=$(date +%s%N)
  as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$port" -U "$PGUSER" -D "$dir" -Ft -z \
    -X stream -c fast --no-sync
  echo "$dir $(du -sk "$dir" | cut -f1) KiB in $(( ($(date +%s%N) - mulai) / 1000000 )) ms"
  ;;
restore)
  [ $# -eq 6 ] || usage
  base=$2 arsip=$3 data=$4 port=$5 waktu=$6
  if [ -e "$data" ] && [ -n "$(ls -A "$data" 2>/dev/null)" ]; then
    echo "ops/backup.sh: $data is not empty" >&2; exit 1
  fi
  mulai=$(date +%s%N)
  mkdir -p "$data"; chmod 700 "$data"; milik_pg "$data"
  as_pg tar -xzf "$base/base.tar.gz" -C "$data"
  as_pg tar -xzf "$base/pg_wal.tar.gz" -C "$data/pg_wal"
  # Replay the archive up to TIME, then become a primary. The restored copy never archives into
  # the production archive, and starts on its own port.
  cat <<CONF | as_pg tee -a "$data/postgresql.auto.conf" >/dev/null
restore_command = 'cp $arsip/%f %p'
recovery_target_time = '$waktu'
recovery_target_action = 'promote'
archive_mode = 'off'
CONF
  as_pg touch "$data/recovery.signal"
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$data/restore.log" -w -t 600 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $data" start >/dev/null
  for _ in $(seq 1 6000); do
    [ "$(sql "$port" "SELECT NOT pg_is_in_recovery()" 2>/dev/null)" = t ] && break
    sleep 0.1
  done
  [ "$(sql "$port" "SELECT NOT pg_is_in_recovery()")" = t ] || {
    echo "restore did not finish; see $data/restore.log" >&2; exit 1; }
  echo "restored to $waktu on 127.0.0.1:$port in $(( ($(date +%s%N) - mulai) / 1000000 )) ms"
  ;;
*) usage ;;
esac
