#!/usr/bin/env bash
# Domain events through an ops route with one HTTP action, to a local receiver, on PostgreSQL.
# Starts Passerelle on a bench database (never `test`) with a bench routes folder holding one route
# (passerelle:event type=client.created -> passerelle:http-post to ${install.url}), installs it for
# one tenant pointing at bench/tools/RouteReceiver.java on 127.0.0.1, and creates clients over the
# API with wrk (each publishes client.created): at fixed offered rates, then at saturation. The
# receiver records each request's arrival and the event's occurredAt (${trigger.at} in the body),
# so the latency the route adds is arrival - occurredAt. Reports per run: events/s delivered,
# p50/p90/p99 added latency, CPU per event; at the end checks that every client created produced
# exactly one delivery (receiver = clients = DONE runs = recorded effects; duplicates fail).
#
#   bench/routes/run.sh                                  # defaults below
#   RATES="1000" SATURATION_CONNECTIONS=32 bench/routes/run.sh
BENCH_DB="${BENCH_DB:-passerelle_bench_routes}"
BENCH_PORT="${PORT:-18680}"
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

RATES="${RATES-250 500 1000}"               # fixed offered rates (client creations/s); "" for none
RATE_CONNECTIONS="${RATE_CONNECTIONS:-32}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-30}"
SATURATION_CONNECTIONS="${SATURATION_CONNECTIONS-16}"
# Saturation runs last longer: the backlog they leave is drained with the load stopped, which
# measures the route path alone (dispatcher, run workers, HTTP action) with the machine to itself.
SATURATION_SECONDS="${SATURATION_SECONDS:-60}"
# A fresh JVM on two cores spends minutes compiling: warm up in rounds of WARMUP_SECONDS at
# saturation until a round costs the JIT less than a second (jstat), at most WARMUP_ROUNDS rounds.
WARMUP_SECONDS="${WARMUP_SECONDS:-20}"
WARMUP_ROUNDS="${WARMUP_ROUNDS:-12}"
RECEIVER_PORT="${RECEIVER_PORT:-18690}"
# Before each measured run: wait (up to QUIET_TRIES x 60 s) until other processes on the machine use
# less than QUIET_OTHERS percent of a core; past that the run goes on and says it was not quiet.
QUIET_OTHERS="${QUIET_OTHERS:-50}"
QUIET_TRIES="${QUIET_TRIES:-5}"
# Extra server arguments, e.g. SERVER_ARGS="--passerelle.routes.workers=8".
SERVER_ARGS="${SERVER_ARGS:-}"
need wrk wrk; need jq jq

WORK=$(mktemp -d /tmp/passerelle-bench-routes.XXXXXX)
BENCH_DIR=$WORK
RECEIVED="$WORK/received.tsv"
cleanup() {
  touch "$WORK/stop"
  stop_server
  [[ -n "${RECEIVER_PID:-}" ]] && wait "$RECEIVER_PID" 2>/dev/null
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

ensure_jar; fresh_database

echo "== Receiver on 127.0.0.1:$RECEIVER_PORT"
java -Xmx256m bench/tools/RouteReceiver.java "$RECEIVER_PORT" "$RECEIVED" 7200 "$WORK/stop" >"$WORK/receiver.log" 2>&1 &
RECEIVER_PID=$!
for _ in $(seq 1 60); do grep -q receiving "$WORK/receiver.log" && break; sleep 0.5; done
grep -q receiving "$WORK/receiver.log" || { echo "the receiver did not start: $(cat "$WORK/receiver.log")"; exit 1; }

# The route, in the ops folder the server reads (PASSERELLE_ROUTES_DIR). ${trigger.at} is the
# event's occurredAt.
mkdir -p "$WORK/routes"
cat >"$WORK/routes/bench-client-created.camel.yaml" <<'YAML'
- route:
    id: bench-client-created
    description: bench/routes - posts each new client to a URL.
    from:
      uri: passerelle:event
      parameters:
        type: client.created
      steps:
        - to:
            uri: passerelle:http-post
            parameters:
              url: "${install.url}"
              body: '{"clientId": "${event.clientId}", "name": "${event.name}", "occurredAt": "${trigger.at}", "eventId": "${trigger.id}"}'
YAML
export PASSERELLE_ROUTES_DIR="$WORK/routes"

echo "== Starting Passerelle on $BENCH_DB (outbound loopback allowed: lab setting) ${SERVER_ARGS}"
# shellcheck disable=SC2086
BENCH_JAVA_OPTS="-Xms512m -Xmx1g ${JAVA_OPTS:-}" start_server --passerelle.public-url="$BASE" \
  --passerelle.outbound.allow-loopback=true $SERVER_ARGS
PID=$SERVER_PID

TENANT=$(curl -sf -X POST "$BASE/api/v1/tenants" -H "Authorization: Bearer $ADMIN_TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"Bench routes"}')
TENANT_ID=$(jq -r .id <<<"$TENANT"); export API_KEY=$(jq -r .apiKey <<<"$TENANT")
INSTALLED=""
for _ in $(seq 1 30); do # the route folder is read every 2 s
  INSTALLED=$(curl -s -X POST "$BASE/api/v1/route-installations" -H "Authorization: Bearer $API_KEY" \
    -H 'Content-Type: application/json' \
    -d "{\"route\":\"bench-client-created\",\"parameters\":{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/receive\"}}")
  [[ "$(jq -r '.id // empty' <<<"$INSTALLED" 2>/dev/null)" != "" ]] && break
  INSTALLED=""; sleep 1
done
[[ -n "$INSTALLED" ]] || { echo "could not install the route; see $BENCH_DIR/server.log"; exit 1; }
echo "   installed $(jq -r .id <<<"$INSTALLED") for tenant $TENANT_ID"
echo "Passerelle $(basename "$JAR") on PostgreSQL $(sql 'show server_version'), $(nproc) cores, $(date -u +%FT%TZ)"

clients() { sql "SELECT COUNT(*) FROM client WHERE tenant_id = '$TENANT_ID' AND name LIKE 'Bench $1-%'"; }
received() { grep -c -F $'\t'"Bench $1-" "$RECEIVED" || true; }
jit_seconds() { jstat -compiler "$PID" | awk 'NR == 2 {print $4}'; }
pg_pids() { pgrep -f "postgres: .* $BENCH_DB " | tr '\n' ' '; }
ticks() { for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'; }
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; } # user nice system irq softirq
HZ=$(getconf CLK_TCK)

# Percent of one core that processes other than this bench's used over the last $1 seconds.
others_pct() {
  local b0 o0 b1 o1
  b0=$(busy_ticks); o0=$(ticks "$PID" "$RECEIVER_PID" $(pg_pids))
  sleep "$1"
  b1=$(busy_ticks); o1=$(ticks "$PID" "$RECEIVER_PID" $(pg_pids))
  echo $(( ((b1 - b0) - (o1 - o0)) * 100 / (HZ * $1) ))
}
wait_quiet() {
  local pct
  for t in $(seq 1 "$QUIET_TRIES"); do
    pct=$(others_pct 5)
    [ "$pct" -le "$QUIET_OTHERS" ] && { QUIET="quiet (others ${pct}% of a core)"; return; }
    echo "   machine busy: other processes use ${pct}% of a core (load $(cut -d' ' -f1-3 /proc/loadavg)); waiting 60 s ($t/$QUIET_TRIES)"
    sleep 60
  done
  QUIET="NOT quiet (others ${pct}% of a core): a floor"
}

# Waits until every client created in run $1 has reached the receiver, or nothing new arrived for
# 60 s, or 900 s passed.
drain() {
  local want got last=-1 still=0
  want=$(clients "$1")
  for _ in $(seq 1 1800); do
    got=$(received "$1")
    [ "$got" -ge "$want" ] && return 0
    if [ "$got" = "$last" ]; then still=$((still + 1)); [ "$still" -ge 120 ] && break; else still=0; last=$got; fi
    sleep 0.5
  done
  echo "   WARNING: run $1: $got of $want clients reached the receiver"
}

# post LABEL CONNECTIONS SECONDS [RATE]: wrk (2 threads) creating clients; then waits for the deliveries.
post() {
  ( export LABEL="$1" RATE="${4:-}" THREADS=2
    wrk -t2 -c"$2" -d"$3"s --timeout 10s -s bench/routes/clients.lua "$BASE"
    times >"$WORK/wrk-times" ) >"$WORK/wrk-$1.log" 2>&1
  tail -n 1 "$WORK/wrk-times" >"$WORK/wrk-cpu"
  # What the route path alone costs: the backlog left when wrk stopped, drained with the machine to itself.
  LOAD_END=$(date +%s.%N); LOAD_END_RECEIVED=$(received "$1")
  LOAD_END_TICKS="$(ticks "$PID") $(ticks $(pg_pids)) $(ticks "$RECEIVER_PID")"
  drain "$1"
}

echo "== Warming up: rounds of $WARMUP_SECONDS s at 16 connections until a round costs the JIT < 1 s (not measured)"
for w in $(seq 1 "$WARMUP_ROUNDS"); do
  JIT0=$(jit_seconds)
  post "w$w" 16 "$WARMUP_SECONDS"
  JIT=$(echo "$(jit_seconds) - $JIT0" | bc)
  echo "   round $w: $(grep -o 'created/s [0-9]*' "$WORK/wrk-w$w.log"), delivered $(received "w$w") of $(clients "w$w"); JIT ${JIT} s"
  [ "$(echo "$JIT < 1" | bc)" = 1 ] && break
done

load_received() {
  sql "SET client_min_messages = warning; CREATE TABLE IF NOT EXISTS bench_received (arrival TIMESTAMPTZ, occurred_at TIMESTAMPTZ, client_id UUID,
       name TEXT, idempotency_key TEXT); TRUNCATE bench_received"
  "${PSQL[@]}" -d "$BENCH_DB" -c "\\copy bench_received FROM '$RECEIVED'"
}

# measure LABEL CONNECTIONS SECONDS [RATE]
measure() {
  vacuum_like_autovacuum >/dev/null
  wait_quiet
  echo "--- $1: $2 connections, $3 s${4:+, offering $4 clients/s}; $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $QUIET"
  local j0 a0 p0 r0 b0 jit0 t0 t1 pgs
  pgs=$(pg_pids)
  j0=$(ticks "$PID"); p0=$(ticks $pgs); r0=$(ticks "$RECEIVER_PID"); b0=$(busy_ticks); jit0=$(jit_seconds); t0=$(date +%s.%N)
  post "$1" "$2" "$3" "${4:-}"
  t1=$(date +%s.%N)
  local drained=$(( $(received "$1") - LOAD_END_RECEIVED )) dj dp dr
  read -r dj dp dr <<<"$LOAD_END_TICKS"
  dj=$(( ($(ticks "$PID") - dj) * 1000 / HZ )); dp=$(( ($(ticks $(pg_pids)) - dp) * 1000 / HZ ))
  dr=$(( ($(ticks "$RECEIVER_PID") - dr) * 1000 / HZ ))
  local jms=$(( ($(ticks "$PID") - j0) * 1000 / HZ )) pms=$(( ($(ticks $pgs) - p0) * 1000 / HZ ))
  local rms=$(( ($(ticks "$RECEIVER_PID") - r0) * 1000 / HZ ))
  local wms; wms=$(awk '{gsub(/[ms]/, " "); print int(($1 * 60 + $2 + $3 * 60 + $4) * 1000)}' "$WORK/wrk-cpu")
  local allms=$(( ($(busy_ticks) - b0) * 1000 / HZ ))
  local others=$(( allms - jms - pms - rms - wms ))
  grep -E 'created|latency' "$WORK/wrk-$1.log" | sed 's/^/   wrk: /'
  load_received
  local n; n=$(received "$1")
  "${PSQL[@]}" -d "$BENCH_DB" -tA -F ' ' <<SQL
WITH r AS (SELECT arrival, occurred_at, EXTRACT(EPOCH FROM arrival - occurred_at) * 1000 AS ms
           FROM bench_received WHERE name LIKE 'Bench $1-%'),
     span AS (SELECT MIN(occurred_at) AS first, MAX(occurred_at) AS last, MAX(arrival) AS done FROM r)
SELECT '   events: ' || COUNT(*) || ' delivered; created '
       || ROUND(COUNT(*) / NULLIF(EXTRACT(EPOCH FROM (SELECT last - first FROM span)), 0)) || '/s; delivered '
       || ROUND(COUNT(*) FILTER (WHERE arrival <= (SELECT last FROM span))
                / NULLIF(EXTRACT(EPOCH FROM (SELECT last - first FROM span)), 0)) || '/s while creating, '
       || ROUND(COUNT(*) / NULLIF(EXTRACT(EPOCH FROM (SELECT done - first FROM span)), 0))
       || '/s first event -> last delivery; last delivery '
       || ROUND(EXTRACT(EPOCH FROM (SELECT done - last FROM span))::numeric, 1) || ' s after the last event' FROM r
UNION ALL
SELECT '   added latency (event occurredAt -> receiver): p50 ' || ROUND(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1)
       || ' ms  p90 ' || ROUND(PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY ms)::numeric, 1)
       || ' ms  p99 ' || ROUND(PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1)
       || ' ms  max ' || ROUND(MAX(ms)::numeric, 1) || ' ms' FROM r;
WITH s AS (
  SELECT EXTRACT(EPOCH FROM d.delivered_at - e.occurred_at) * 1000 AS outbox,
         EXTRACT(EPOCH FROM (rr.finished_at - rr.duration_ms * INTERVAL '1 millisecond') - d.delivered_at) * 1000 AS queued,
         EXTRACT(EPOCH FROM b.arrival - (rr.finished_at - rr.duration_ms * INTERVAL '1 millisecond')) * 1000 AS worked
  FROM bench_received b JOIN domain_event e ON e.subject_id = b.client_id AND e.type = 'client.created'
  JOIN event_delivery d ON d.event_id = e.id AND d.subscriber = 'routes'
  JOIN route_run rr ON rr.trigger_id = e.id
  WHERE b.name LIKE 'Bench $1-%')
SELECT '   where (p50/p99 ms): event -> outbox delivered ' || ROUND(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY outbox)::numeric, 1)
       || '/' || ROUND(PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY outbox)::numeric, 1)
       || ', -> run started ' || ROUND(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY queued)::numeric, 1)
       || '/' || ROUND(PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY queued)::numeric, 1)
       || ', -> receiver ' || ROUND(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY worked)::numeric, 1)
       || '/' || ROUND(PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY worked)::numeric, 1) FROM s;
SQL
  [ "$n" -gt 0 ] || n=1
  printf '   CPU per event: Passerelle %.2f ms, PostgreSQL %.2f ms, receiver %.2f ms, wrk %.2f ms; other processes %.0f%% of a core; JIT %s s\n' \
    "$(echo "$jms / $n" | bc -l)" "$(echo "$pms / $n" | bc -l)" "$(echo "$rms / $n" | bc -l)" "$(echo "$wms / $n" | bc -l)" \
    "$(echo "$others * 100 / ($t1 - $t0) / 1000" | bc -l)" "$(echo "$(jit_seconds) - $jit0" | bc)"
  if [ "$drained" -ge 1000 ]; then
    printf '   backlog when the load stopped: %d events, drained at %.0f/s; CPU per event there (route path only): Passerelle %.2f ms, PostgreSQL %.2f ms, receiver %.2f ms\n' \
      "$drained" "$(echo "$drained / ($(sql "SELECT EXTRACT(EPOCH FROM MAX(arrival)) FROM bench_received WHERE name LIKE 'Bench $1-%'") - $LOAD_END)" | bc -l)" \
      "$(echo "$dj / $drained" | bc -l)" "$(echo "$dp / $drained" | bc -l)" "$(echo "$dr / $drained" | bc -l)"
  fi
}

vacuum_like_autovacuum
for rate in $RATES; do measure "r$rate" "$RATE_CONNECTIONS" "$SECONDS_PER_RUN" "$rate"; done
for c in $SATURATION_CONNECTIONS; do measure "s$c" "$c" "$SATURATION_SECONDS"; done

echo "--- every client created produced exactly one delivery?"
load_received
CLIENTS=$(sql "SELECT COUNT(*) FROM client WHERE tenant_id = '$TENANT_ID'")
RECV=$(sql "SELECT COUNT(*) FROM bench_received")
DISTINCT=$(sql "SELECT COUNT(DISTINCT client_id) FROM bench_received")
DUPES=$(sql "SELECT COUNT(*) FROM (SELECT client_id FROM bench_received GROUP BY client_id HAVING COUNT(*) > 1) d")
KEYS=$(sql "SELECT COUNT(DISTINCT idempotency_key) FROM bench_received")
STRANGERS=$(sql "SELECT COUNT(*) FROM bench_received r WHERE NOT EXISTS (SELECT 1 FROM client c WHERE c.id = r.client_id)")
MISSING=$(sql "SELECT COUNT(*) FROM client c WHERE c.tenant_id = '$TENANT_ID' AND NOT EXISTS (SELECT 1 FROM bench_received r WHERE r.client_id = c.id)")
RUNS_DONE=$(sql "SELECT COUNT(*) FROM route_run WHERE status = 'DONE'")
RUNS_OTHER=$(sql "SELECT COUNT(*) FROM route_run WHERE status <> 'DONE'")
EFFECTS=$(sql "SELECT COUNT(*) FROM route_effect")
EVENTS=$(sql "SELECT COUNT(*) FROM domain_event WHERE type = 'client.created'")
UNDELIVERED=$(sql "SELECT COUNT(*) FROM event_delivery WHERE subscriber = 'routes' AND status <> 'DONE'")
echo "clients $CLIENTS, client.created events $EVENTS; received $RECV ($DISTINCT distinct clients, $KEYS distinct idempotency keys)"
echo "route runs DONE $RUNS_DONE (other $RUNS_OTHER), recorded effects $EFFECTS, event deliveries not done $UNDELIVERED"
echo "duplicates $DUPES, clients never delivered $MISSING, deliveries of unknown clients $STRANGERS"
if [[ "$CLIENTS" -eq "$RECV" && "$RECV" -eq "$DISTINCT" && "$KEYS" -eq "$RECV" && "$DUPES" -eq 0 && "$MISSING" -eq 0 \
      && "$STRANGERS" -eq 0 && "$RUNS_DONE" -eq "$CLIENTS" && "$RUNS_OTHER" -eq 0 && "$EFFECTS" -eq "$CLIENTS" \
      && "$EVENTS" -eq "$CLIENTS" && "$UNDELIVERED" -eq 0 ]]; then
  echo "OK: every client created produced exactly one delivery"
else
  echo "FAIL: deliveries do not match the clients created one for one"; exit 1
fi
