#!/usr/bin/env bash
# Soak: signed hooks at a fixed rate for an hour into one Passerelle on PostgreSQL, each event run by
# the built-in hook-upsert-client route; every SAMPLE seconds the live heap (after a full GC, so a
# leak shows as a rising floor), the pool's and PostgreSQL's connections, open files, threads and the
# queues' backlog are sampled. At the end: the first and last quarter compared, and a ledger (every
# acknowledged event stored, processed once, its route run DONE).
#
#   bench/soak/run.sh      env: RATE=500 DURATION=3600 SAMPLE=60 CONNECTIONS=50 DRAIN_MAX=7200
# autovacuum is off on this machine's PostgreSQL (for CI): the script runs VACUUM ANALYZE every
# VACUUM_EVERY (300) s, as autovacuum would on a production server.
BENCH_DB="${BENCH_DB:-passerelle_soak}"
BENCH_PORT="${PORT:-18650}"
source "$(dirname "$0")/../lib.sh"
RATE="${RATE:-500}"
DURATION="${DURATION:-3600}"
SAMPLE="${SAMPLE:-60}"
CONNECTIONS="${CONNECTIONS:-50}"
VACUUM_EVERY="${VACUUM_EVERY:-300}"
DRAIN_MAX="${DRAIN_MAX:-7200}"
OUT="$BENCH_DIR/soak"; rm -rf "$OUT" "$BENCH_DIR/data" "$BENCH_DIR/server.log"; mkdir -p "$OUT"
load() { cut -d' ' -f1-3 /proc/loadavg; }

need wrk wrk; need jq jq; need openssl openssl
ensure_jar; fresh_database; start_server; trap stop_server EXIT
create_signed_hook
curl -sf -X POST "$BASE/api/v1/route-installations" -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
  -d '{"route":"hook-upsert-client","parameters":{"hook":"bench","mapping":{"externalId":"${event.ref}",
       "name":"${event.customer.name}","email":"${event.customer.email}"}}}' >/dev/null
echo "== soak: $RATE hooks/s for $DURATION s, $(basename "$JAR") on PostgreSQL $(sql 'show server_version'), $(nproc) cores, $(date -u +%FT%TZ), load $(load)"

# Their refs repeat, so clients are upserted, not piled up.
export BODIES="$OUT/bodies.lua"
signed_bodies "$BODIES" soak

metric() { # name [tag filter]: the value of one prometheus series
  grep -E "^$1(\{[^}]*${2:-}[^}]*\})? " "$OUT/prom" | awk '{s += $NF} END {printf "%.0f", s}'
}
sample() {
  jcmd "$SERVER_PID" GC.run >/dev/null 2>&1 || true
  curl -sf "$BASE/actuator/prometheus" -H "Authorization: Bearer $ADMIN_TOKEN" >"$OUT/prom" || return 0
  printf '%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%T)" $(( $(date +%s) - T0 )) \
    "$(( $(metric jvm_memory_used_bytes 'area="heap"') / 1048576 ))" \
    "$(( $(grep VmRSS /proc/$SERVER_PID/status | awk '{print $2}') / 1024 ))" \
    "$(metric hikaricp_connections)" "$(metric hikaricp_connections_active)" \
    "$(sql "select count(*) from pg_stat_activity where datname = '$BENCH_DB'")" \
    "$(ls /proc/$SERVER_PID/fd | wc -l)" "$(ls /proc/$SERVER_PID/task | wc -l)" \
    "$(sql "select count(*) from inbox_event where status in ('PENDING','PROCESSING')")" \
    "$(sql "select count(*) from route_run where status in ('PENDING','RUNNING')")" | tee -a "$OUT/samples.tsv"
}

export ACK_PREFIX="$OUT/acks-" THREADS=2
T0=$(date +%s)
printf 'time\ts\theapMiB(after full GC)\trssMiB\tpool\tpoolActive\tpgConns\tfds\tthreads\tinboxBacklog\trunBacklog\n' | tee "$OUT/samples.tsv"
RATE="$RATE" wrk -t$THREADS -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$ROOT/bench/ingest/signed-hook.lua" "$HOOK_URL" \
  >"$OUT/wrk.txt" 2>&1 &
WRK=$!
last_vacuum=$T0
while kill -0 "$WRK" 2>/dev/null; do
  sleep "$SAMPLE"
  kill -0 "$WRK" 2>/dev/null || break
  sample
  if (( $(date +%s) - last_vacuum >= VACUUM_EVERY )); then vacuum_like_autovacuum >/dev/null; last_vacuum=$(date +%s); fi
done
wait "$WRK" || true
cat "$OUT/wrk.txt" | grep -E 'accepted|latency'
echo "load at the end: $(load)"

echo "--- first and last quarter (mean of the samples)"
awk -F'\t' -v q=4 'NR > 1 { rows[NR] = $0; n++ } END {
  k = int(n / q); if (k < 1) k = 1
  split("3 4 5 7 8 9", cols, " ")
  split("heapMiB rssMiB pool pgConns fds threads", names, " ")
  for (c = 1; c <= 6; c++) { f = 0; l = 0
    for (i = 2; i < 2 + k; i++) { split(rows[i], v, "\t"); f += v[cols[c]] }
    for (i = n + 2 - k; i < n + 2; i++) { split(rows[i], v, "\t"); l += v[cols[c]] }
    printf "%-8s first %8.1f  last %8.1f  change %+6.1f %%\n", names[c], f / k, l / k, (f ? (l - f) * 100 / f : 0) }
}' "$OUT/samples.tsv"

echo "--- ledger"
cat "$OUT"/acks-* | sort -u >"$OUT/acked-ids"
acked=$(cat "$OUT"/acks-* | wc -l); distinct=$(wc -l <"$OUT/acked-ids")
# The backlog a 2-core machine builds in an hour takes longer than that to work off (bench/README
# "soak"): the drain waits up to DRAIN_MAX, vacuuming as before (without it the drain slowed 4-7x).
start=$(date +%s); last_vacuum=$start
while [[ $(sql "select count(*) from inbox_event where status in ('PENDING','PROCESSING')") -gt 0 \
      || $(sql "select count(*) from route_run where status in ('PENDING','RUNNING')") -gt 0 ]]; do
  (( $(date +%s) - start < DRAIN_MAX )) || { echo "queues not drained after $DRAIN_MAX s"; break; }
  if (( $(date +%s) - last_vacuum >= VACUUM_EVERY )); then vacuum_like_autovacuum >/dev/null; last_vacuum=$(date +%s); fi
  sleep 2
done
echo "drained $(( $(date +%s) - start )) s after the load stopped"
sql "create table if not exists bench_acked (id uuid primary key); truncate bench_acked"
"${PSQL[@]}" -d "$BENCH_DB" -c "\\copy bench_acked from '$OUT/acked-ids'"
missing=$(sql "select count(*) from bench_acked a where not exists (select 1 from inbox_event e where e.id = a.id)")
unprocessed=$(sql "select count(*) from bench_acked a join inbox_event e on e.id = a.id where e.status <> 'PROCESSED'")
without_run=$(sql "select count(*) from bench_acked a where not exists (select 1 from route_run r where r.trigger_id = a.id)")
not_done=$(sql "select count(*) from route_run where status <> 'DONE'")
# (a run twice for one event cannot be: route_run_once is unique on (installation, trigger))
echo "acknowledged $acked ($distinct distinct), not stored $missing, not PROCESSED $unprocessed, without a route run $without_run, runs not DONE $not_done"
[[ "$missing$unprocessed$without_run$not_done" == 0000 && "$acked" -eq "$distinct" ]] || { echo "FAIL"; exit 1; }
echo OK
