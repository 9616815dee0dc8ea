#!/usr/bin/env bash
# Durable ingest benchmark: signed hook POSTs into Passerelle on PostgreSQL.
#   bench/ingest/run.sh      env: RATES="500 1000 2000" SECONDS_PER_RUN=30 SATURATION_CONNECTIONS="16 64"
# Prints accepted/s and p50/p90/p99/p99.9 per run, then proves every acknowledged event is in the inbox.
source "$(dirname "$0")/../lib.sh"
RATES="${RATES:-500 1000 2000}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-30}"
SATURATION_CONNECTIONS="${SATURATION_CONNECTIONS:-16 64}"
OUT="$BENCH_DIR/ingest"; rm -rf "$OUT" "$BENCH_DIR/data" "$BENCH_DIR/server.log"; mkdir -p "$OUT"

need wrk wrk; need jq jq; need openssl openssl
ensure_jar; fresh_database; start_server; trap stop_server EXIT
create_signed_hook
echo "Passerelle $(basename "$JAR") on PostgreSQL $(sql 'show server_version'), $(nproc) cores, $(date -u +%FT%TZ)"

export BODIES="$OUT/bodies.lua"
signed_bodies "$BODIES" wrk

saturate() { # connections seconds label [offered requests/s instead of saturation]
  export ACK_PREFIX="$OUT/wrk-$3-" RATE="${4:-}" THREADS=2
  echo "--- $3: $1 connections, $2 s${4:+, offering $4 requests/s}"
  wrk -t$THREADS -c"$1" -d"$2"s --timeout 10s -s "$(dirname "$0")/signed-hook.lua" "$HOOK_URL" | grep -E 'accepted|latency'
  cat "$ACK_PREFIX"* >>"$OUT/acked"
}

# A fresh JVM on 2 cores spends its first minute compiling; measure the warm server.
for w in $(seq 1 "${WARMUP_RUNS:-8}"); do saturate 32 15 "warmup-$w" >/dev/null; done
vacuum_like_autovacuum
for rate in $RATES; do
  # 50 connections that together send $rate requests/s, evenly spaced (see signed-hook.lua).
  saturate 50 "$SECONDS_PER_RUN" "rate-$rate" "$rate"
done
for c in $SATURATION_CONNECTIONS; do saturate "$c" "$SECONDS_PER_RUN" "sat-$c"; done

echo "--- every acknowledged event is stored?"
stored=$(sql "select count(*) from inbox_event where tenant_id = '$TENANT_ID'")
acked=$(wc -l <"$OUT/acked")
sort -u "$OUT/acked" >"$OUT/acked-ids"
sql "create table if not exists bench_acked (id uuid primary key); truncate bench_acked"
"${PSQL[@]}" -d "$BENCH_DB" -c "\\copy bench_acked from '$OUT/acked-ids'"
missing=$(sql "select count(*) from bench_acked a where not exists (select 1 from inbox_event e where e.id = a.id)")
distinct=$(wc -l <"$OUT/acked-ids")
# stored may exceed acknowledged: a request the client gave up on (timeout) can still commit.
echo "acknowledged $acked ($distinct distinct ids), stored $stored, acknowledged but missing from the inbox: $missing"
[[ "$missing" -eq 0 && "$distinct" -eq "$acked" && "$stored" -ge "$acked" ]] || { echo "FAIL: an acknowledged event is not stored"; exit 1; }

echo "--- draining: workers process what was accepted"
vacuum_like_autovacuum
start=$(date +%s)
while [[ $(sql "select count(*) from inbox_event where status in ('PENDING','PROCESSING')") -gt 0 ]]; do sleep 1; done
echo "all $stored processed $(( $(date +%s) - start )) s after the last request; dead: $(sql "select count(*) from inbox_event where status = 'DEAD'")"
echo "OK"
