#!/usr/bin/env bash
# Signed WooCommerce order webhooks -> documents, on PostgreSQL.
# Starts Passerelle on a bench database (never `test`), connects CONNECTIONS shops (one tenant
# each), posts ORDERS signed deliveries (plus ~10% repeated deliveries) with wrk, waits until
# every order has its document, then reports from the database: orders/s, acknowledgement ->
# document latency (p50/p99), and duplicate documents (must be 0).
#
#   bench/orders/run.sh                      # defaults below
#   ORDERS=20000 CONCURRENCY=64 bench/orders/run.sh
BENCH_DB="${BENCH_DB:-passerelle_woo_bench}"
BENCH_PORT="${PORT:-18480}"
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

ORDERS=${ORDERS:-10000}
# Orders posted first and not measured: a fresh JVM spends its first minutes compiling (C2 took
# ~70 s of CPU over the first ~25,000 orders here; after a fixed 12,000 it still took 28 % of the
# JVM's CPU in the measured phase, async-profiler). The warm-up goes on in rounds of WARMUP_ROUND
# orders until a round costs the JIT less than a second (jstat), or WARMUP_MAX orders; WARMUP=0
# measures a cold server.
WARMUP=${WARMUP:-auto}
WARMUP_ROUND=${WARMUP_ROUND:-6000}
WARMUP_MAX=${WARMUP_MAX:-60000}
CONNECTIONS=${CONNECTIONS:-8}
CONCURRENCY=${CONCURRENCY:-32}
WRK_THREADS=${WRK_THREADS:-2}
PORT=$BENCH_PORT
PG_DB=$BENCH_DB
# The server's default (4) unless set: on two cores, more workers only wait on each other.
WORKERS=${PASSERELLE_INBOX_WORKERS:-4}
# The shops' autoSend setting: true also emails every invoice as a PDF (rendered and written to the
# outbox directory, no SMTP), which shares the same two cores; the run then waits for the emails
# too, and the CPU per order covers them.
AUTO_SEND=${AUTO_SEND:-true}
need wrk wrk

WORK=$(mktemp -d /tmp/passerelle-bench-orders.XXXXXX)
BENCH_DIR=$WORK
DBQ="psql -X -q -t -A -h 127.0.0.1 -U postgres -d $PG_DB"
cleanup() { stop_server; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT

ensure_jar; fresh_database
echo "== Starting Passerelle on $PG_DB (inbox workers: $WORKERS)"
BENCH_JAVA_OPTS="-Xms512m -Xmx1g ${JAVA_OPTS:-}" start_server --passerelle.inbox.workers="$WORKERS" \
  --passerelle.public-url="$BASE" --passerelle.woocommerce.allow-private-shop-urls=true
PID=$SERVER_PID

echo "== Connecting $CONNECTIONS shops"
: >"$WORK/connections.tsv"
: >"$WORK/paths.txt"
for c in $(seq 1 "$CONNECTIONS"); do
  KEY=$(curl -sS --fail-with-body -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench shop $c\"}" "http://127.0.0.1:$PORT/api/v1/tenants" | python3 -c 'import json,sys; print(json.load(sys.stdin)["apiKey"])')
  curl -sS --fail-with-body -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d '{"name":"Bench shop","shopUrl":"https://bench-shop.example","settings":{"documentKind":"invoice","trigger":"paid","autoSend":'"$AUTO_SEND"'}}' \
    "http://127.0.0.1:$PORT/api/v1/connections/woocommerce" >"$WORK/conn.json"
  python3 - "$WORK" <<'PY'
import json, sys, urllib.parse
w = sys.argv[1]
c = json.load(open(w + "/conn.json"))
open(w + "/connections.tsv", "a").write(urllib.parse.urlparse(c["deliveryUrl"]).path + "\t" + c["secret"] + "\n")
open(w + "/paths.txt", "a").write(urllib.parse.urlparse(c["deliveryUrl"]).path + "\n")
PY
done

stored() { $DBQ -c "SELECT COUNT(*) FROM inbox_event WHERE source = 'woocommerce'"; }
post() { # <file prefix> <inbox rows to wait for>
  wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d600s --timeout 30s -s bench/orders/post.lua "http://127.0.0.1:$PORT" \
    -- "$WORK/paths.txt" "$WORK" "$1" >"$WORK/wrk-$1.log" 2>&1 &
  WRK=$!
  # Until every order is stored, or wrk is done, or nothing new arrived for 5 s: when a wrk thread
  # stops, requests its other connections had not yet sent are never sent (and so never stored).
  local last=-1 still=0 now
  for _ in $(seq 1 1200); do
    now=$(stored)
    [ "$now" -ge "$2" ] && break
    kill -0 "$WRK" 2>/dev/null || break
    if [ "$now" = "$last" ]; then still=$((still + 1)); [ "$still" -ge 10 ] && break; else still=0; last=$now; fi
    sleep 0.5
  done
  sleep 1
  kill -INT "$WRK" 2>/dev/null || true
  wait "$WRK" || true
}
emails_settled() { $DBQ -c "SELECT COUNT(*) FROM email WHERE document_id IS NOT NULL AND status NOT IN ('QUEUED', 'SENDING', 'DEFERRED')"; }
wait_documents() { # until every stored order has its invoice and, with autoSend, its email settled (sent or failed)
  local want
  want=$(stored)
  for _ in $(seq 1 1200); do
    [ "$($DBQ -c "SELECT COUNT(*) FROM document WHERE kind = 'INVOICE'")" -ge "$want" ] && break
    sleep 0.5
  done
  if [ "$AUTO_SEND" = true ]; then
    for _ in $(seq 1 2400); do
      [ "$(emails_settled)" -ge "$want" ] && break
      sleep 0.5
    done
  fi
}

# Seconds the JIT compilers have spent so far (jstat's "Time" column).
jit_seconds() { jstat -compiler "$PID" | awk 'NR == 2 {print $4}'; }
WARMED=0
if [ "$WARMUP" != 0 ]; then
  ROUND=$([ "$WARMUP" = auto ] && echo "$WARMUP_ROUND" || echo "$WARMUP")
  LIMIT=$([ "$WARMUP" = auto ] && echo "$WARMUP_MAX" || echo "$WARMUP")
  while [ "$WARMED" -lt "$LIMIT" ]; do
    JIT0=$(jit_seconds)
    echo "== Warming up: orders $((WARMED + 1))-$((WARMED + ROUND)) (not measured)"
    python3 bench/orders/make_orders.py src/test/resources/woocommerce/order-727-processing.json \
      "$WORK/connections.tsv" "$ROUND" "$WRK_THREADS" "$WORK" 10 $((100000 + WARMED)) "warmup$WARMED" >/dev/null
    WARMED=$((WARMED + ROUND))
    post "warmup$((WARMED - ROUND))" "$WARMED"
    wait_documents
    JIT_ROUND=$(echo "$(jit_seconds) - $JIT0" | bc)
    echo "   JIT compilation in this round: ${JIT_ROUND} s"
    [ "$WARMUP" = auto ] && [ "$(echo "$JIT_ROUND < 1" | bc)" = 1 ] && break
  done
  # On a minute-old database the planner statistics still describe empty tables, and PostgreSQL
  # picked the wrong index for the order's document look-up (see lib.sh).
  vacuum_like_autovacuum
fi

echo "== Signing $ORDERS orders"
REQUESTS=$(python3 bench/orders/make_orders.py src/test/resources/woocommerce/order-727-processing.json \
  "$WORK/connections.tsv" "$ORDERS" "$WRK_THREADS" "$WORK")
echo "   $REQUESTS deliveries ($((REQUESTS - ORDERS)) of them repeated)"

# CPU time used by Passerelle and by its PostgreSQL backends: a figure the other load on a shared
# machine does not distort (wall-clock throughput is).
cpu_ticks() {
  local pids="$PID $(pgrep -f "postgres: .* $PG_DB " | tr '\n' ' ')"
  for p in $pids; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'
}
JAVA_TICKS0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
ALL_TICKS0=$(cpu_ticks)

echo "== Posting with wrk ($WRK_THREADS threads, $CONCURRENCY connections)"
START=$(date +%s.%N)
JIT_START=$(jit_seconds)
post requests $((WARMED + ORDERS))
grep -E '^wrk:|non-2xx|Socket errors' "$WORK/wrk-requests.log" || true
POSTED=$(date +%s.%N)

echo "== Waiting for the documents"
wait_documents
DONE=$(date +%s.%N)
# Measured orders have ids from 1,000,000 (warm-up ones below).
MEASURED=$($DBQ -c "SELECT COUNT(*) FROM inbox_event WHERE source = 'woocommerce'
  AND CAST(split_part(split_part(idempotency_key, '@', 1), ':', 2) AS BIGINT) >= 1000000")
JIT_MEASURED=$(echo "$(jit_seconds) - $JIT_START" | bc)
HZ=$(getconf CLK_TCK)
JAVA_MS=$(( ($(awk '{print $14 + $15}' "/proc/$PID/stat") - JAVA_TICKS0) * 1000 / HZ ))
ALL_MS=$(( ($(cpu_ticks) - ALL_TICKS0) * 1000 / HZ ))

echo "== Results"
$DBQ -F ' ' <<SQL
WITH ev AS (
  SELECT connection_id, split_part(split_part(idempotency_key, '@', 1), ':', 2) AS order_id, MIN(received_at) AS received_at
  FROM inbox_event WHERE source = 'woocommerce' GROUP BY 1, 2),
lat AS (
  SELECT EXTRACT(EPOCH FROM (d.created_at - ev.received_at)) * 1000 AS ms, ev.received_at, d.created_at
  FROM document d JOIN ev ON ev.connection_id = d.ext_connection AND ev.order_id = d.ext_id
  WHERE d.kind = 'INVOICE' AND CAST(d.ext_id AS BIGINT) >= 1000000)
SELECT 'orders documented:          ' || COUNT(*) FROM lat
UNION ALL SELECT 'acknowledged:               ' || ROUND((COUNT(*) / NULLIF(EXTRACT(EPOCH FROM MAX(received_at) - MIN(received_at)), 0))::numeric, 0) || ' orders/s (first to last stored)' FROM lat
UNION ALL SELECT 'first ack -> last document: ' || ROUND(EXTRACT(EPOCH FROM MAX(created_at) - MIN(received_at))::numeric, 2) || ' s' FROM lat
UNION ALL SELECT 'throughput:                 ' || ROUND((COUNT(*) / NULLIF(EXTRACT(EPOCH FROM MAX(created_at) - MIN(received_at)), 0))::numeric, 0) || ' orders/s' FROM lat
UNION ALL SELECT 'ack -> document p50:        ' || ROUND(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 0) || ' ms' FROM lat
UNION ALL SELECT 'ack -> document p99:        ' || ROUND(PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 0) || ' ms' FROM lat
UNION ALL SELECT 'ack -> document max:        ' || ROUND(MAX(ms)::numeric, 0) || ' ms' FROM lat;
SQL
echo "orders stored:              $MEASURED of $ORDERS measured ($((ORDERS - MEASURED)) never sent: wrk stops a thread's other connections when one runs out), $(($(stored) - MEASURED)) warm-up; repeats deduplicated at the edge"
if [ "$AUTO_SEND" = true ]; then
  $DBQ -F ' ' <<SQL
WITH first AS (SELECT MIN(received_at) AS at FROM inbox_event
               WHERE CAST(split_part(split_part(idempotency_key, '@', 1), ':', 2) AS BIGINT) >= 1000000),
m AS (SELECT e.status, e.accepted_at FROM email e JOIN document d ON d.id = e.document_id
      WHERE d.ext_source = 'woocommerce' AND CAST(d.ext_id AS BIGINT) >= 1000000)
SELECT 'emails (measured orders):   ' || COUNT(*) || ' (' || COUNT(*) FILTER (WHERE status = 'SENT') || ' sent)' FROM m
UNION ALL SELECT 'first ack -> last email:    ' || ROUND(EXTRACT(EPOCH FROM MAX(accepted_at) - (SELECT at FROM first))::numeric, 2) || ' s' FROM m
UNION ALL SELECT 'emailed throughput:         ' || ROUND((COUNT(*) / NULLIF(EXTRACT(EPOCH FROM MAX(accepted_at) - (SELECT at FROM first)), 0))::numeric, 0) || ' orders/s (documented, rendered to PDF and emailed)' FROM m;
SQL
fi
echo "inbox events not processed: $($DBQ -c "SELECT COUNT(*) FROM inbox_event WHERE status <> 'PROCESSED'")"
echo "duplicate documents:        $($DBQ -c "SELECT COUNT(*) FROM (SELECT 1 FROM document WHERE ext_source = 'woocommerce' GROUP BY tenant_id, kind, ext_connection, ext_id HAVING COUNT(*) > 1) d")"
echo "send requests:              $($DBQ -c "SELECT COUNT(*) FROM domain_event WHERE type = 'document.send_requested'") for $($DBQ -c "SELECT COUNT(*) FROM document WHERE kind = 'INVOICE'") invoices (autoSend $AUTO_SEND: one each, or none)"
echo "clients / products:         $($DBQ -c "SELECT COUNT(*) FROM client") / $($DBQ -c "SELECT COUNT(*) FROM product")"
echo "CPU per order:              $((JAVA_MS / MEASURED)).$(( (JAVA_MS * 10 / MEASURED) % 10 )) ms Passerelle, $(((ALL_MS - JAVA_MS) / MEASURED)).$(( ((ALL_MS - JAVA_MS) * 10 / MEASURED) % 10 )) ms PostgreSQL backends"
echo "JIT compilation meanwhile:  ${JIT_MEASURED} s of CPU (included above)"
echo "=> on 2 dedicated cores:     ~$(( 2000 * MEASURED / (ALL_MS > 0 ? ALL_MS : 1) )) orders/s (CPU-bound estimate)"
echo "machine load average:       $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (other work on the machine slows wall-clock figures)"
printf 'wall clock: posting %.1f s, posting -> all documents %.1f s\n' "$(echo "$POSTED - $START" | bc)" "$(echo "$DONE - $START" | bc)"
