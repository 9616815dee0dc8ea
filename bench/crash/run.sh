#!/usr/bin/env bash
# Crash proof: kill -9 Passerelle (PostgreSQL) again and again while signed hooks are posted, restart it,
# then show that every event that got a 200 is stored and processed exactly once, with nothing stuck.
#   bench/crash/run.sh      env: KILLS=5 CONCURRENCY=8
# "Processed exactly once" is read from the inbox ledger: the worker writes an event's SUCCEEDED
# attempt in the same transaction as the handler's effects and the PROCESSED mark, so one such row
# per event means its effects committed once.
BENCH_DB="${BENCH_DB:-passerelle_crash}"
source "$(dirname "$0")/../lib.sh"
KILLS="${KILLS:-5}"
CONCURRENCY="${CONCURRENCY:-8}"
OUT="$BENCH_DIR/crash"; rm -rf "$OUT" "$BENCH_DIR/data" "$BENCH_DIR/server.log"; mkdir -p "$OUT"
# The default lease (15 s, extended by live workers): events a killed worker had claimed come back
# one lease after the kill.
SERVER_ARGS=()

need jq jq
ensure_jar; fresh_database
start_server "${SERVER_ARGS[@]}"
trap stop_server EXIT
create_signed_hook
echo "posting with $CONCURRENCY connections; killing the server $KILLS times"

java "$ROOT/bench/tools/HookLoad.java" crash "$HOOK_URL" "$HOOK_SECRET" "$CONCURRENCY" "$OUT/stop" "$OUT/acks" &
LOADER=$!
# The loader is a single-file Java program: on a busy machine it takes seconds to compile and start.
while [[ ! -s "$OUT/acks" ]]; do sleep 0.5; done
for k in $(seq 1 "$KILLS"); do
  sleep $((3 + RANDOM % 5))
  before=$(wc -l <"$OUT/acks")
  kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  echo "kill -9 #$k after $before acknowledged; in processing at the kill: $(sql "select count(*) from inbox_event where status = 'PROCESSING'")"
  start_server "${SERVER_ARGS[@]}"
done
last_restart=$(date +%s)
sleep 5
touch "$OUT/stop"; wait "$LOADER"

echo "--- waiting for the inbox to drain (claims of killed workers expire one lease after the kill)"
for _ in $(seq 1 600); do
  [[ $(sql "select count(*) from inbox_event where status in ('PENDING','PROCESSING')") -eq 0 ]] && break
  sleep 0.2
done
echo "drained $(( $(date +%s) - last_restart )) s after the last restart (load stopped 5 s after it)"

cut -d' ' -f2 "$OUT/acks" | sort -u >"$OUT/acked-ids"
sql "create table if not exists crash_acked (id uuid primary key); truncate crash_acked"
"${PSQL[@]}" -d "$BENCH_DB" -c "\\copy crash_acked from '$OUT/acked-ids'"
acked=$(wc -l <"$OUT/acks")
distinct=$(wc -l <"$OUT/acked-ids")
stored=$(sql "select count(*) from inbox_event")
missing=$(sql "select count(*) from crash_acked a where not exists (select 1 from inbox_event e where e.id = a.id)")
not_processed=$(sql "select count(*) from crash_acked a join inbox_event e on e.id = a.id where e.status <> 'PROCESSED'")
stuck=$(sql "select count(*) from inbox_event where status in ('PENDING','PROCESSING')")
not_once=$(sql "select count(*) from inbox_event e where (select count(*) from inbox_attempt t where t.event_id = e.id and t.outcome = 'SUCCEEDED') <> 1")
reclaimed=$(sql "select count(*) from inbox_event where attempts > 1")
echo "acknowledged (200): $acked ($distinct distinct); stored: $stored"
echo "acknowledged but not stored: $missing; acknowledged but not PROCESSED: $not_processed; still pending/processing: $stuck"
echo "events without exactly one SUCCEEDED attempt: $not_once; events claimed again after a crash: $reclaimed"
echo "reclaimed events, received -> processed: max $(sql "select coalesce(max(extract(epoch from (processed_at - received_at)))::int, 0) from inbox_event where attempts > 1") s; every event: max $(sql "select coalesce(max(extract(epoch from (processed_at - received_at)))::int, 0) from inbox_event") s"
[[ $acked -eq $distinct && $missing -eq 0 && $not_processed -eq 0 && $stuck -eq 0 && $not_once -eq 0 ]] \
  || { echo "FAIL"; exit 1; }
echo "OK: every acknowledged event stored and processed exactly once across $KILLS kill -9 restarts"
