#!/usr/bin/env bash
# Restore drill (issue 16 item 5; docs/scaling.md §7): proves the backups restore.
#
#   ops/restore_drill.sh PORT DB ARCHIVE_DIR BACKUP_DIR
#
# 1. Marks a point in time T on the running primary (127.0.0.1:PORT, database DB): in one
#    transaction it takes SHARE locks on every table of the public schema (writers wait, readers
#    do not: nothing commits to them while it counts), counts each table's rows, reads the newest
#    Riwayat (history) row and T = clock_timestamp(). Then one more commit and a WAL switch, and
#    it waits until the segment holding T is archived (the time this took is printed: RPO).
# 2. Restores the newest base backup in BACKUP_DIR into a fresh cluster on a free port, replaying
#    ARCHIVE_DIR up to T (ops/backup.sh restore), and times it until the copy accepts writes (RTO).
# 3. Counts the same tables there: every count and the newest Riwayat row must equal the mark.
#    Exit 0 when they all match, 1 otherwise. The restored cluster is stopped and removed
#    (KEEP=1 keeps it). The SHARE locks block writes while counting: on a big database run it
#    at a quiet hour, or against a copy.
set -euo pipefail
[ $# -eq 4 ] || { sed -n '2,18p' "$0" >&2; exit 2; }
port=$1 db=$2 arsip=$3 backups=$4
cd "$(dirname "$0")/.."
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PGUSER=${PGUSER:-postgres}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U "$PGUSER" -d "$2" "${@:3}"; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

base=$(ls -d "$backups"/base-* 2>/dev/null | sort | tail -n 1)
[ -n "$base" ] || { echo "no base backup in $backups (ops/backup.sh base)" >&2; exit 1; }
kerja=$(mktemp -d /tmp/ekinerja-drill-XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres: "$kerja"
trap 'as_pg "$PG_BIN/pg_ctl" -D "$kerja/data" -m immediate stop >/dev/null 2>&1 || true;
      [ "${KEEP:-0}" = 1 ] || rm -rf "$kerja"' EXIT

# The counting query: one row per table ("name count"), then the newest Riwayat row, then T.
hitung() {
  local tables
  tables=$(q "$1" "$2" -c "SELECT string_agg(format('%I', tablename), ', ' ORDER BY tablename)
                            FROM pg_tables WHERE schemaname = 'public'")
  {
    echo "BEGIN;"
    [ "${3:-}" = kunci ] && echo "LOCK TABLE $tables IN SHARE MODE;"
    q "$1" "$2" -c "SELECT format('SELECT %L || '' '' || count(*) FROM %I;', tablename, tablename)
                    FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    echo "SELECT 'riwayat ' || coalesce((SELECT row_to_json(r)::text FROM ekinerja_riwayat r
                                         ORDER BY id DESC LIMIT 1), '-');"
    [ "${3:-}" = kunci ] && echo "SELECT 'T ' || clock_timestamp();"
    echo "COMMIT;"
  } | q "$1" "$2"
}

echo "== mark on 127.0.0.1:$port/$db"
hitung "$port" "$db" kunci > "$kerja/tanda.txt"
T=$(sed -n 's/^T //p' "$kerja/tanda.txt")
tanda_ns=$(date +%s%N)
echo "T = $T ($(grep -vcE '^(T|riwayat) ' "$kerja/tanda.txt") tables, $(awk '$1 != "riwayat" && $1 != "T" {s += $2} END {print s}' "$kerja/tanda.txt") rows)"

# A commit after T (recovery stops at the first one past T), then close the WAL segment.
q "$port" "$db" -c "SELECT txid_current()" >/dev/null
segmen=$(q "$port" "$db" -c "SELECT pg_walfile_name(pg_current_wal_lsn())")
q "$port" "$db" -c "SELECT pg_switch_wal()" >/dev/null
for _ in $(seq 1 600); do
  [ -f "$arsip/$segmen" ] && break
  sleep 0.1
done
[ -f "$arsip/$segmen" ] || { echo "segment $segmen never reached $arsip" >&2; exit 1; }
echo "RPO: segment $segmen holding T archived $(ms "$tanda_ns") ms after T (WAL switch forced)"

echo "== restore $(basename "$base") + archive to T"
rport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mulai=$(date +%s%N)
bash ops/backup.sh restore "$base" "$arsip" "$kerja/data" "$rport" "$T"
rto=$(ms "$mulai")
echo "RTO: $rto ms from the start of the restore until the copy accepted writes"

hitung "$rport" "$db" > "$kerja/pulih.txt"
grep -v '^T ' "$kerja/tanda.txt" > "$kerja/tanda_tanpa_t.txt"
if diff "$kerja/tanda_tanpa_t.txt" "$kerja/pulih.txt" > "$kerja/beda.txt"; then
  echo "OK: all $(grep -vc '^riwayat' "$kerja/pulih.txt") tables have the row counts of T, and the newest Riwayat row matches"
else
  echo "MISMATCH (< at T, > restored):" >&2
  cat "$kerja/beda.txt" >&2
  exit 1
fi
