#!/usr/bin/env bash
# Domain events fanned out to webhook subscriptions (REST hooks) on a local receiver, on PostgreSQL.
# Starts Passerelle on a bench database (never `test`), subscribes URLs of bench/tools/WebhookReceiver.java
# on 127.0.0.1 (which checks every Standard Webhooks signature and records each arrival) to
# client.created, and creates clients over the API (each publishes one client.created):
#
#   1. throughput: BURST_EVENTS clients at once, each fanned out to SUBSCRIPTIONS subscriptions:
#      deliveries/s from the first event to the last delivery, and while draining;
#   2. latency: clients at RATE/s (wrk, fixed rate) for a tenant with F subscriptions, for each F of
#      RATE_FANOUTS, and at FANOUT_RATE/s for the tenant with SUBSCRIPTIONS subscriptions: p50/p90/p99
#      event (occurredAt) -> delivery (arrival at the receiver);
#   3. outage: the receiver stopped for OUTAGE_SECONDS while clients are created at OUTAGE_RATE/s for
#      the tenant with SUBSCRIPTIONS subscriptions (every delivery refused, retried on the schedule),
#      then started again: how long until every delivery of the outage has arrived, and at what rate.
#
# At the end it checks that every (subscription, event) was delivered, none twice, all signed right.
#
#   bench/deliveries/run.sh                           # defaults below (a 10-minute outage)
#   OUTAGE_SECONDS=60 SECONDS_PER_RUN=20 bench/deliveries/run.sh
BENCH_DB="${BENCH_DB:-passerelle_bench_deliveries}"
BENCH_PORT="${PORT:-18780}"
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

SUBSCRIPTIONS="${SUBSCRIPTIONS:-100}"         # subscriptions of the fan-out tenant
BURST_EVENTS="${BURST_EVENTS:-200}"           # throughput: events created at once (x SUBSCRIPTIONS deliveries)
RATE="${RATE:-200}"                           # latency: events/s offered
RATE_FANOUTS="${RATE_FANOUTS-1 5}"            # latency: subscriptions per event at RATE ("" for none)
FANOUT_RATE="${FANOUT_RATE:-10}"              # latency: events/s to the SUBSCRIPTIONS subscriptions ("" for none)
SECONDS_PER_RUN="${SECONDS_PER_RUN:-30}"
OUTAGE_SECONDS="${OUTAGE_SECONDS:-600}"       # 0 for none
OUTAGE_RATE="${OUTAGE_RATE:-1}"               # events/s while the receiver is down (x SUBSCRIPTIONS deliveries)
WARMUP_ROUNDS="${WARMUP_ROUNDS:-3}"           # rounds of 20 s at RATE with fan-out 5, not measured
RECEIVER_PORT="${RECEIVER_PORT:-18790}"
SERVER_ARGS="${SERVER_ARGS:-}"                # e.g. SERVER_ARGS="--passerelle.webhooks.workers=8"
need wrk wrk; need jq jq

WORK=$(mktemp -d /tmp/passerelle-bench-deliveries.XXXXXX)
BENCH_DIR=$WORK
RECEIVED="$WORK/received.tsv"
SECRETS="$WORK/secrets.tsv"
: >"$SECRETS"
cleanup() {
  touch "$WORK/stop"
  stop_server
  [[ -n "${RECEIVER_PID:-}" ]] && wait "$RECEIVER_PID" 2>/dev/null
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

ensure_jar; fresh_database

echo "== Starting Passerelle on $BENCH_DB (outbound loopback allowed: lab setting) ${SERVER_ARGS}"
# shellcheck disable=SC2086
BENCH_JAVA_OPTS="-Xms512m -Xmx1g ${JAVA_OPTS:-}" start_server --passerelle.public-url="$BASE" \
  --passerelle.outbound.allow-loopback=true $SERVER_ARGS
PID=$SERVER_PID
echo "Passerelle $(basename "$JAR") on PostgreSQL $(sql 'show server_version'), $(nproc) cores, $(date -u +%FT%TZ)"

# tenant LABEL SUBSCRIPTIONS: a tenant with that many client.created subscriptions to /LABEL/<i>; prints its API key.
tenant() {
  local t key
  t=$(curl -sf -X POST "$BASE/api/v1/tenants" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -d "{\"name\":\"Bench $1\"}")
  key=$(jq -r .apiKey <<<"$t")
  for i in $(seq 1 "$2"); do
    curl -sf -X POST "$BASE/api/v1/subscriptions" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -d "{\"event\":\"client.created\",\"targetUrl\":\"http://127.0.0.1:$RECEIVER_PORT/$1/$i\"}" \
      | jq -r --arg p "/$1/$i" '$p + "\t" + .secret' >>"$SECRETS"
  done
  echo "$key"
}
FAN_KEY=$(tenant fan "$SUBSCRIPTIONS")
declare -A KEYS
for f in $RATE_FANOUTS 5; do [[ -n "${KEYS[$f]:-}" ]] || KEYS[$f]=$(tenant "f$f" "$f"); done
echo "   $(wc -l <"$SECRETS") subscriptions"

start_receiver() {
  rm -f "$WORK/stop"
  java -Xmx256m bench/tools/WebhookReceiver.java "$RECEIVER_PORT" "$RECEIVED" "$SECRETS" "$WORK/stop" \
    >>"$WORK/receiver.log" 2>&1 &
  RECEIVER_PID=$!
  for _ in $(seq 1 60); do [[ "$(grep -c receiving "$WORK/receiver.log")" -ge "$1" ]] && return 0; sleep 0.5; done
  echo "the receiver did not start: $(cat "$WORK/receiver.log")"; exit 1
}
stop_receiver() { touch "$WORK/stop"; wait "$RECEIVER_PID" 2>/dev/null || true; RECEIVER_PID=; }
echo "== Receiver on 127.0.0.1:$RECEIVER_PORT"
start_receiver 1

received() { wc -l <"$RECEIVED"; }
pg_pids() { pgrep -f "postgres: .* $BENCH_DB " | tr '\n' ' '; }
ticks() { for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'; }
HZ=$(getconf CLK_TCK)
load() { cut -d' ' -f1-3 /proc/loadavg; }

# Waits until the receiver has N lines, or nothing new came for 120 s.
await_received() {
  local got last=-1 still=0
  while :; do
    got=$(received)
    [ "$got" -ge "$1" ] && return 0
    if [ "$got" = "$last" ]; then still=$((still + 1)); [ "$still" -ge 240 ] && break; else still=0; last=$got; fi
    sleep 0.5
  done
  echo "   WARNING: $got of $1 deliveries arrived"
}

# create LABEL KEY SECONDS [RATE]: wrk creating clients named "Bench LABEL-..." (bench/routes/clients.lua).
create() {
  ( export LABEL="$1" API_KEY="$2" RATE="${4:-}" THREADS=2
    wrk -t2 -c16 -d"$3"s --timeout 10s -s bench/routes/clients.lua "$BASE" ) >"$WORK/wrk-$1.log" 2>&1
}
created() { sql "SELECT COUNT(*) FROM client WHERE name LIKE 'Bench $1-%'"; }

load_received() {
  sql "SET client_min_messages = warning; CREATE TABLE IF NOT EXISTS bench_received (arrival TIMESTAMPTZ, path TEXT,
       webhook_id UUID, occurred_at TIMESTAMPTZ, signed BOOLEAN); TRUNCATE bench_received"
  "${PSQL[@]}" -d "$BENCH_DB" -c "\\copy bench_received FROM '$RECEIVED'"
}

# report LABEL: deliveries of the events of clients named "Bench LABEL-...": rates and event -> delivery latency.
report() {
  load_received
  "${PSQL[@]}" -d "$BENCH_DB" -tA <<SQL
WITH r AS (SELECT e.id, b.arrival, e.occurred_at, EXTRACT(EPOCH FROM b.arrival - e.occurred_at) * 1000 AS ms
           FROM bench_received b JOIN domain_event e ON e.id = b.webhook_id
           WHERE e.payload::json->>'name' LIKE 'Bench $1-%'),
     s AS (SELECT MIN(occurred_at) AS first_event, MAX(occurred_at) AS last_event, MIN(arrival) AS first_arrival,
                  MAX(arrival) AS last_arrival, COUNT(*) AS n FROM r)
SELECT '   ' || n || ' deliveries of ' || (SELECT COUNT(DISTINCT id) FROM r) || ' events; events created at '
       || COALESCE(ROUND((SELECT COUNT(DISTINCT id) FROM r) / NULLIF(EXTRACT(EPOCH FROM last_event - first_event), 0)), 0)
       || '/s; ' || ROUND(n / NULLIF(EXTRACT(EPOCH FROM last_arrival - first_event), 0)) || ' deliveries/s first event -> last delivery, '
       || ROUND(n / NULLIF(EXTRACT(EPOCH FROM last_arrival - first_arrival), 0)) || '/s first -> last delivery; last delivery '
       || ROUND(EXTRACT(EPOCH FROM last_arrival - last_event)::numeric, 1) || ' s after the last event' FROM s
UNION ALL
SELECT '   event -> delivery: p50 ' || ROUND(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1)
       || ' ms  p90 ' || ROUND(PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY ms)::numeric, 1)
       || ' ms  p99 ' || ROUND(PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1)
       || ' ms  max ' || ROUND(MAX(ms)::numeric, 1) || ' ms' FROM r;
SQL
}

# measure LABEL KEY FANOUT SECONDS RATE
measure() {
  vacuum_like_autovacuum >/dev/null
  echo "--- $1: $5 events/s for $4 s, each to $3 subscription(s) ($(( $5 * $3 )) deliveries/s offered); $(date -u +%FT%TZ), load $(load)"
  local before j0 p0 t0 n
  before=$(received); j0=$(ticks "$PID"); p0=$(ticks $(pg_pids)); t0=$(date +%s)
  create "$1" "$2" "$4" "$5"
  n=$(( $(created "$1") * $3 ))
  await_received $(( before + n ))
  grep -E 'created' "$WORK/wrk-$1.log" | sed 's/^/   wrk: /'
  report "$1"
  printf '   CPU per delivery: Passerelle %.2f ms, PostgreSQL %.2f ms (wall %d s)\n' \
    "$(echo "($(ticks "$PID") - $j0) * 1000 / $HZ / $n" | bc -l)" "$(echo "($(ticks $(pg_pids)) - $p0) * 1000 / $HZ / $n" | bc -l)" \
    $(( $(date +%s) - t0 ))
}

echo "== Warming up: $WARMUP_ROUNDS rounds of 20 s at $RATE events/s, fan-out 5 (not measured)"
for w in $(seq 1 "$WARMUP_ROUNDS"); do
  before=$(received)
  create "w$w" "${KEYS[5]}" 20 "$RATE"
  await_received $(( before + $(created "w$w") * 5 ))
  echo "   round $w: $(grep -o 'created/s [0-9]*' "$WORK/wrk-w$w.log"), delivered $(( $(received) - before ))"
done

vacuum_like_autovacuum
echo "--- burst: $BURST_EVENTS events at once, each to $SUBSCRIPTIONS subscriptions; $(date -u +%FT%TZ), load $(load)"
before=$(received); j0=$(ticks "$PID"); p0=$(ticks $(pg_pids))
seq 1 "$BURST_EVENTS" | xargs -P 8 -I{} curl -sf -o /dev/null -X POST "$BASE/api/v1/clients" \
  -H "Authorization: Bearer $FAN_KEY" -H 'Content-Type: application/json' \
  -d '{"name":"Bench burst-{}","emails":["burst-{}@bench.example"]}'
N=$(( $(created burst) * SUBSCRIPTIONS ))
await_received $(( before + N ))
report burst
printf '   CPU per delivery: Passerelle %.2f ms, PostgreSQL %.2f ms\n' \
  "$(echo "($(ticks "$PID") - $j0) * 1000 / $HZ / $N" | bc -l)" "$(echo "($(ticks $(pg_pids)) - $p0) * 1000 / $HZ / $N" | bc -l)"

for f in $RATE_FANOUTS; do measure "r$f" "${KEYS[$f]}" "$f" "$SECONDS_PER_RUN" "$RATE"; done
[[ -z "$FANOUT_RATE" ]] || measure "fan" "$FAN_KEY" "$SUBSCRIPTIONS" "$SECONDS_PER_RUN" "$FANOUT_RATE"

if [ "$OUTAGE_SECONDS" -gt 0 ]; then
  echo "--- outage: receiver down for $OUTAGE_SECONDS s, $OUTAGE_RATE events/s to $SUBSCRIPTIONS subscriptions; $(date -u +%FT%TZ), load $(load)"
  stop_receiver
  before=$(received); j0=$(ticks "$PID"); p0=$(ticks $(pg_pids))
  create outage "$FAN_KEY" "$OUTAGE_SECONDS" "$OUTAGE_RATE"
  N=$(( $(created outage) * SUBSCRIPTIONS ))
  FAILED=$(sql "SELECT COUNT(*) FROM webhook_attempt WHERE status_code IS NULL AND error LIKE 'could not connect%'")
  printf '   down: %d events (%d deliveries), %d refused attempts; CPU meanwhile: Passerelle %.1f s, PostgreSQL %.1f s; load %s\n' \
    "$(created outage)" "$N" "$FAILED" "$(echo "($(ticks "$PID") - $j0) / $HZ" | bc -l)" \
    "$(echo "($(ticks $(pg_pids)) - $p0) / $HZ" | bc -l)" "$(load)"
  UP=$(date -u +%FT%T.%NZ); UP_S=$(date +%s.%N)
  start_receiver 2
  await_received $(( before + N ))
  load_received
  sql "SELECT '   back up at $UP: all ' || COUNT(*) || ' deliveries of the outage arrived '
       || ROUND(EXTRACT(EPOCH FROM MAX(b.arrival) - TIMESTAMPTZ '$UP')::numeric, 1) || ' s later ('
       || ROUND(COUNT(*) / NULLIF(EXTRACT(EPOCH FROM MAX(b.arrival) - TIMESTAMPTZ '$UP'), 0)) || '/s); '
       || 'half of them within ' || ROUND(EXTRACT(EPOCH FROM PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY b.arrival - TIMESTAMPTZ '$UP'))::numeric, 1) || ' s'
       FROM bench_received b JOIN domain_event e ON e.id = b.webhook_id WHERE e.payload::json->>'name' LIKE 'Bench outage-%'"
fi

echo "--- every (subscription, event) delivered once, signed?"
load_received
EXPECTED=$(sql "SELECT COUNT(*) FROM webhook_delivery")
DELIVERED=$(sql "SELECT COUNT(*) FROM webhook_delivery WHERE status = 'DELIVERED'")
OTHER=$(sql "SELECT status || ' ' || COUNT(*) FROM webhook_delivery WHERE status <> 'DELIVERED' GROUP BY status" | tr '\n' ' ')
RECV=$(sql "SELECT COUNT(*) FROM bench_received")
DISTINCT=$(sql "SELECT COUNT(*) FROM (SELECT DISTINCT path, webhook_id FROM bench_received) d")
BAD=$(sql "SELECT COUNT(*) FROM bench_received WHERE NOT signed")
FANNED=$(sql "SELECT COUNT(*) FROM event_delivery WHERE subscriber = 'webhooks' AND status <> 'DONE'")
EVENTS=$(sql "SELECT COUNT(*) FROM domain_event WHERE type = 'client.created'")
echo "client.created events $EVENTS (not fanned out: $FANNED); deliveries $EXPECTED, DELIVERED $DELIVERED ${OTHER:+(others: $OTHER)}"
echo "received $RECV requests, $DISTINCT distinct (subscription, event), badly signed $BAD"
if [[ "$DELIVERED" -eq "$EXPECTED" && "$DISTINCT" -eq "$EXPECTED" && "$BAD" -eq 0 && "$FANNED" -eq 0 ]]; then
  echo "OK: every delivery arrived, signed$( [[ "$RECV" -eq "$DISTINCT" ]] && echo ", none twice" || echo "; $((RECV - DISTINCT)) more than once (leases that ran out: the receiver dedupes by webhook-id)")"
else
  echo "FAIL: deliveries and receptions do not match"; exit 1
fi
