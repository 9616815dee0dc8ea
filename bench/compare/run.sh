#!/usr/bin/env bash
# Compare in the open: the same signed WooCommerce order into Node-RED, n8n and Passerelle (on its
# embedded H2 default and on PostgreSQL), in one sitting, and one table with the ratios to Node-RED.
#
#   bench/compare/run.sh
#   SYSTEMS="node-red passerelle-pg" MEASURE_SECONDS=20 bench/compare/run.sh
#
# Each system runs alone (the others stopped; PostgreSQL idles) and gets, in turn:
#   1. one order signed with a wrong secret (must not get 200) and one signed right (must get 200);
#   2. warm-up: WARMUP_SECONDS saturation runs until two in a row are within WARMUP_TOLERANCE % of
#      each other's accepted/s (at least WARMUP_MIN_RUNS, at most WARMUP_MAX_RUNS) — the same rule for
#      every system (a JVM can stay on a plateau for two runs before the JIT's next step: MIN_RUNS);
#   3. a saturation run, then a run offering PACED_RATE requests/s, each MEASURE_SECONDS.
# Same wrk settings for all (CONNECTIONS connections, WRK_THREADS threads, --timeout 10s) and the
# same body: every request a distinct 2,432-byte WooCommerce order (make_order.py), signed as the
# shop signs it, base64 HMAC-SHA256 of the raw body in X-WC-Webhook-Signature (order.lua).
#
#   Node-RED  http in (raw body) → function: HMAC check → http response 200, or 401  (node-red/)
#   n8n       webhook (raw body) → Code: HMAC check → Respond to Webhook 200, or 401 (n8n/workflow.json,
#             imported with n8n's CLI and activated; SQLite, the default)
#   Passerelle  the packaged jar, its WooCommerce receiver, one connected shop and its secret: 200
#             once the order is committed to the inbox (H2 under $BENCH_DIR, or a fresh BENCH_DB)
#
# Prints the table (with the CPU time of the system and the database per 200 — user + system time
# of every java, node and postgres process over the run, divided by its 200s — the figure to compare
# builds by on a machine whose load moves accepted/s), then correctness lines: non-200 answers per system, and for Passerelle that
# every event id acknowledged with a 200 is stored (ids from the answers against the inbox's rows).
#
# env knobs (defaults):
#   SYSTEMS            "node-red n8n passerelle-h2 passerelle-pg"
#   COMPARE_CACHE      $HOME/.cache/passerelle-compare: Node-RED and n8n installed from the npm
#                      registry, once, and reused
#   NODE_RED_VERSION   4.1.8    N8N_VERSION 1.119.2 (with the npm override xlsx → 0.18.5)
#   CONNECTIONS 32  WRK_THREADS 2  MEASURE_SECONDS 30  PACED_RATE 2000
#   WARMUP_SECONDS 15  WARMUP_MIN_RUNS 2  WARMUP_MAX_RUNS 10  WARMUP_TOLERANCE 5
#   WOO_SETTINGS       '{"trigger":"completed"}': the shop connection's settings in Passerelle. The
#                      order is paid, not completed, so it is stored and acknowledged, and the inbox
#                      workers record its state, but no invoice is made: the comparison is of the
#                      receiving edge. '{}' (invoice when paid) adds an invoice per order.
#   BENCH_PORT         18680: Passerelle; Node-RED on +1, n8n on +2 (all on 127.0.0.1)
#   BENCH_DB           passerelle_compare (dropped and created; never `test`)
#   BENCH_DIR          target/bench: work files and logs under $BENCH_DIR/compare
#   SATURATION_RATE    empty: set, the "saturation" runs offer this rate instead, for a light
#                      functional check of the whole script (e.g. SATURATION_RATE=20 PACED_RATE=20
#                      CONNECTIONS=2 WARMUP_SECONDS=2 WARMUP_MAX_RUNS=2 MEASURE_SECONDS=2)
BENCH_DB="${BENCH_DB:-passerelle_compare}"
BENCH_PORT="${BENCH_PORT:-18680}"
source "$(dirname "$0")/../lib.sh"
HERE="$ROOT/bench/compare"

SYSTEMS="${SYSTEMS:-node-red n8n passerelle-h2 passerelle-pg}"
COMPARE_CACHE="${COMPARE_CACHE:-$HOME/.cache/passerelle-compare}"
NODE_RED_VERSION="${NODE_RED_VERSION:-4.1.8}"
N8N_VERSION="${N8N_VERSION:-1.119.2}"
CONNECTIONS="${CONNECTIONS:-32}"
WRK_THREADS="${WRK_THREADS:-2}"
MEASURE_SECONDS="${MEASURE_SECONDS:-30}"
PACED_RATE="${PACED_RATE:-2000}"
WARMUP_SECONDS="${WARMUP_SECONDS:-15}"
WARMUP_MIN_RUNS="${WARMUP_MIN_RUNS:-2}"
WARMUP_MAX_RUNS="${WARMUP_MAX_RUNS:-10}"
WARMUP_TOLERANCE="${WARMUP_TOLERANCE:-5}"
DEFAULT_WOO_SETTINGS='{"trigger":"completed"}'
WOO_SETTINGS="${WOO_SETTINGS:-$DEFAULT_WOO_SETTINGS}"
NODE_RED_PORT=$((BENCH_PORT + 1))
N8N_PORT=$((BENCH_PORT + 2))
OUT="$BENCH_DIR/compare"
rm -rf "$OUT"; mkdir -p "$OUT" "$COMPARE_CACHE"
[[ "$WARMUP_MAX_RUNS" -le 90 ]] || { echo "WARMUP_MAX_RUNS: at most 90 (order ids hold the run in two digits)"; exit 2; }
FAILED=0

need wrk wrk; need jq jq; need openssl openssl; need unzip unzip; need node nodejs; need npm npm

# --- installs: from the npm registry into COMPARE_CACHE, kept for the next run ------------------
npm_install() { # dir package.json-text
  [[ -f "$1/.installed" ]] && return 0
  echo "installing into $1 (once)"
  rm -rf "$1"; mkdir -p "$1"; printf '%s\n' "$2" >"$1/package.json"
  # Native modules (n8n's sqlite3) build against the headers of the Node.js that runs them, when
  # no prebuilt binary can be had: Debian's nodejs has them under /usr/include/node.
  local headers=()
  [[ ! -f /usr/include/node/node.h ]] || headers=(npm_config_nodedir=/usr)
  (cd "$1" && env "${headers[@]}" npm install --omit=dev --no-audit --no-fund --loglevel=error >"$1/install.log" 2>&1) \
    || { echo "npm install failed, see $1/install.log"; tail -n 20 "$1/install.log"; exit 1; }
  touch "$1/.installed"
}
NODE_RED_DIR="$COMPARE_CACHE/node-red-$NODE_RED_VERSION"
N8N_DIR="$COMPARE_CACHE/n8n-$N8N_VERSION"
[[ " $SYSTEMS " != *" node-red "* ]] || npm_install "$NODE_RED_DIR" \
  "{\"name\":\"compare-node-red\",\"private\":true,\"dependencies\":{\"node-red\":\"$NODE_RED_VERSION\"}}"
[[ " $SYSTEMS " != *" n8n "* ]] || npm_install "$N8N_DIR" \
  "{\"name\":\"compare-n8n\",\"private\":true,\"dependencies\":{\"n8n\":\"$N8N_VERSION\"},\"overrides\":{\"xlsx\":\"0.18.5\"}}"
[[ "$SYSTEMS" != *passerelle* ]] || ensure_jar

# --- the order ----------------------------------------------------------------------------------
ORDER_TEMPLATE="$OUT/order-template.json"
echo "order body: $(python3 "$HERE/make_order.py" "$ROOT/src/test/resources/woocommerce/order-727-processing.json" \
  "$ORDER_TEMPLATE") bytes"
# The order the signature checks send (an id no wrk run uses).
sed 's/@@@@@@@@@@@/19900000001/g' "$ORDER_TEMPLATE" >"$OUT/check-order.json"

# --- one system at a time -----------------------------------------------------------------------
SYSTEM_PID=""
stop_system() {
  if [[ -n "$SYSTEM_PID" ]]; then
    # Started with setsid: the group holds the process and any children it made.
    kill -TERM -- "-$SYSTEM_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$SYSTEM_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$SYSTEM_PID" 2>/dev/null || true
    wait "$SYSTEM_PID" 2>/dev/null || true
    SYSTEM_PID=""
  fi
  if [[ -n "${SERVER_PID:-}" ]]; then stop_server; SERVER_PID=""; fi
}
trap stop_system EXIT
trap 'exit 130' INT TERM

answer() { # secret: POSTs check-order.json signed with it to $URL; prints the HTTP status
  local sig
  sig=$(openssl dgst -sha256 -hmac "$1" -binary <"$OUT/check-order.json" | base64 -w0)
  curl -s -o "$OUT/$SYSTEM-answer" -w '%{http_code}' --max-time 30 -X POST "$URL" \
    -H 'Content-Type: application/json' -H 'X-WC-Webhook-Topic: order.created' \
    -H "X-WC-Webhook-Signature: $sig" --data-binary @"$OUT/check-order.json" || true
}

wait_until_checking() { # seconds: until $URL answers a wrong signature with 401 (flow deployed)
  for _ in $(seq 1 $(($1 * 2))); do
    [[ "$(answer wrong-secret)" == 401 ]] && return 0
    kill -0 "$SYSTEM_PID" 2>/dev/null || { echo "$SYSTEM died, see $OUT/$SYSTEM.log"; tail -n 20 "$OUT/$SYSTEM.log"; exit 1; }
    sleep 0.5
  done
  echo "$SYSTEM does not answer on $URL, see $OUT/$SYSTEM.log"; tail -n 20 "$OUT/$SYSTEM.log"; exit 1
}

check_signatures() {
  local bad good
  bad=$(answer wrong-secret)
  good=$(answer "$SECRET")
  echo "signature check: wrong secret → $bad, right secret → $good"
  [[ "$bad" != 200 ]] || { echo "FAIL: $SYSTEM accepted an order signed with the wrong secret"; exit 1; }
  [[ "$good" == 200 ]] || { echo "FAIL: $SYSTEM refused a rightly signed order: $(cat "$OUT/$SYSTEM-answer")"; exit 1; }
  OK_TOTAL=1 OTHER_TOTAL=1 # these two answers
  if [[ "$SYSTEM" == passerelle-* ]]; then jq -r .eventId "$OUT/$SYSTEM-answer" >>"$OUT/$SYSTEM-acked"; fi
}

start_node_red() {
  URL="http://127.0.0.1:$NODE_RED_PORT/woocommerce"
  SECRET=$(openssl rand -base64 24)
  mkdir -p "$OUT/node-red-home"
  cp "$HERE/node-red/flows.json" "$OUT/node-red-home/flows.json" # Node-RED may write next to its flow file
  COMPARE_SECRET="$SECRET" NODE_RED_PORT="$NODE_RED_PORT" setsid node "$NODE_RED_DIR/node_modules/node-red/red.js" \
    --settings "$HERE/node-red/settings.js" --userDir "$OUT/node-red-home" "$OUT/node-red-home/flows.json" \
    >"$OUT/$SYSTEM.log" 2>&1 &
  SYSTEM_PID=$!
  wait_until_checking 60
}

start_n8n() {
  URL="http://127.0.0.1:$N8N_PORT/webhook/woocommerce"
  SECRET=$(openssl rand -hex 24)
  # A fresh user folder: a new SQLite database (the default) each run. Telemetry, version checks,
  # templates and the public API off; user management cannot be switched off in n8n 1.x (no owner
  # is set up: the webhook needs none).
  local env=(N8N_USER_FOLDER="$OUT/n8n-home" N8N_PORT="$N8N_PORT" N8N_LISTEN_ADDRESS=127.0.0.1
    N8N_HOST=127.0.0.1 N8N_PROTOCOL=http WEBHOOK_URL="http://127.0.0.1:$N8N_PORT/"
    N8N_ENCRYPTION_KEY=compare-bench-key DB_TYPE=sqlite N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=true
    N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false
    N8N_PERSONALIZATION_ENABLED=false N8N_HIRING_BANNER_ENABLED=false N8N_PUBLIC_API_DISABLED=true
    NODE_FUNCTION_ALLOW_BUILTIN=crypto N8N_LOG_LEVEL=warn)
  local n8n="$N8N_DIR/node_modules/.bin/n8n"
  mkdir -p "$OUT/n8n-home"
  jq --arg s "$SECRET" '.nodes |= map(if .parameters.jsCode then .parameters.jsCode |= sub("__COMPARE_SECRET__"; $s) else . end)' \
    "$HERE/n8n/workflow.json" >"$OUT/n8n-workflow.json"
  env "${env[@]}" "$n8n" import:workflow --input="$OUT/n8n-workflow.json" >>"$OUT/$SYSTEM.log" 2>&1
  env "${env[@]}" "$n8n" update:workflow --id="$(jq -r .id "$OUT/n8n-workflow.json")" --active=true >>"$OUT/$SYSTEM.log" 2>&1
  setsid env "${env[@]}" "$n8n" start >>"$OUT/$SYSTEM.log" 2>&1 &
  SYSTEM_PID=$!
  wait_until_checking 180
}

start_passerelle() { # h2|pg
  BENCH_DIR="$OUT/$SYSTEM"
  rm -rf "$BENCH_DIR"
  if [[ "$1" == h2 ]]; then
    BENCH_EMBEDDED=1 start_server --passerelle.public-url="$BASE"
  else
    fresh_database
    start_server --passerelle.public-url="$BASE"
  fi
  local tenant connection
  tenant=$(curl -sf -X POST "$BASE/api/v1/tenants" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -d '{"name":"Compare shop"}')
  TENANT_ID=$(jq -r .id <<<"$tenant")
  connection=$(curl -sf -X POST "$BASE/api/v1/connections/woocommerce" -H "Authorization: Bearer $(jq -r .apiKey <<<"$tenant")" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"Compare shop\",\"shopUrl\":\"https://bench-shop.example\",\"settings\":$WOO_SETTINGS}")
  URL=$(jq -r .deliveryUrl <<<"$connection")
  SECRET=$(jq -r .secret <<<"$connection")
}

# --- load ---------------------------------------------------------------------------------------
declare -A R
RUN=0
CLK_TCK=$(getconf CLK_TCK)
system_cpu_ticks() { # user + system time of every java and node process (the systems), then of postgres (the database)
  # A process may end between the glob and the read (psql, a wrk): cat's complaint must not end the run.
  # Node-RED retitles its process (node-red), so it was counted as nothing before 2026-12-03.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '$2 ~ /^\((java|node|node-red|n8n)\)$/ { s += $14 + $15 }
    $2 == "(postgres)" { d += $14 + $15 } END { print s + 0, d + 0 }'
}
load() { # label seconds [offered requests/s]: one wrk run; its figures in R
  RUN=$((RUN + 1))
  local log="$OUT/$SYSTEM-$1.txt" ack=() line kv
  [[ "$SYSTEM" != passerelle-* ]] || ack=(ACK_PREFIX="$OUT/$SYSTEM-wrk-$1-")
  local ticks after; ticks=$(system_cpu_ticks)
  env "${ack[@]}" ORDER_TEMPLATE="$ORDER_TEMPLATE" SECRET="$SECRET" ORDER_RUN="$RUN" RATE="${3:-${SATURATION_RATE:-}}" \
    THREADS="$WRK_THREADS" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$2"s --timeout 10s -s "$HERE/order.lua" "$URL" \
    >"$log" 2>&1 || true
  line=$(grep '^RESULT ' "$log") || { echo "wrk gave no result:"; cat "$log"; exit 1; }
  for kv in ${line#RESULT }; do R[${kv%%=*}]=${kv#*=}; done
  # CPU per 200 of the system and the database together: unlike accepted/s, not moved by what else
  # the machine runs (only by what the run itself does, e.g. the JIT compiling during a warm-up).
  after=$(system_cpu_ticks)
  read -r R[cpu_ms] R[cpu_split] < <(awk -v b="$ticks" -v a="$after" -v hz="$CLK_TCK" -v n="${R[accepted]}" 'BEGIN {
    split(b, x, " "); split(a, y, " "); s = (y[1] - x[1]) * 1000 / hz; d = (y[2] - x[2]) * 1000 / hz
    if (n == 0) n = 1; printf "%.3f %.3f+%.3f\n", (s + d) / n, s / n, d / n }')
  OK_TOTAL=$((OK_TOTAL + ${R[accepted]})); OTHER_TOTAL=$((OTHER_TOTAL + ${R[other]}))
  SOCKET_TOTAL=$((SOCKET_TOTAL + ${R[socket_errors]})); DUP_TOTAL=$((DUP_TOTAL + ${R[duplicate]}))
  [[ -z "${ack[*]}" ]] || { cat "$OUT/$SYSTEM-wrk-$1-"* >>"$OUT/$SYSTEM-acked" 2>/dev/null || true; rm -f "$OUT/$SYSTEM-wrk-$1-"*; }
  printf '  %-11s %6.0f accepted/s  p50 %7.2f ms  p99 %8.2f ms  CPU %6.3f ms/200 (system+database %s)  non-200 %s (%s)  socket errors %s\n' \
    "$1" "${R[rate]}" "${R[p50]}" "${R[p99]}" "${R[cpu_ms]}" "${R[cpu_split]}" "${R[other]}" "${R[statuses]}" "${R[socket_errors]}"
  [[ "${R[accepted]}" -gt 0 ]] || { echo "FAIL: no 200 at all in $log"; exit 1; }
}

within_tolerance() { # a b: |a - b| <= WARMUP_TOLERANCE % of the larger
  awk -v a="$1" -v b="$2" -v t="$WARMUP_TOLERANCE" \
    'BEGIN { d = a - b; if (d < 0) d = -d; m = (a > b ? a : b); exit !(m > 0 && d <= m * t / 100) }'
}

declare -A LABEL STORES SAT_CPU SAT SAT_P50 SAT_P99 PACED_P99 PACED_GOT NON200 WARMUP LOAD CHECK
measure() {
  local prev="" k rates=""
  RUN=0 OK_TOTAL=0 OTHER_TOTAL=0 SOCKET_TOTAL=0 DUP_TOTAL=0
  check_signatures
  for k in $(seq 1 "$WARMUP_MAX_RUNS"); do
    load "warmup-$k" "$WARMUP_SECONDS"
    rates="$rates${rates:+, }$(printf '%.0f' "${R[rate]}")"
    if [[ -n "$prev" && "$k" -ge "$WARMUP_MIN_RUNS" ]] && within_tolerance "$prev" "${R[rate]}"; then break; fi
    prev=${R[rate]}
  done
  WARMUP[$SYSTEM]="$k runs ($rates /s)"
  [[ "$SYSTEM" != passerelle-pg ]] || vacuum_like_autovacuum
  LOAD[$SYSTEM]="$(cut -d' ' -f1 /proc/loadavg)"
  load saturation "$MEASURE_SECONDS"
  SAT[$SYSTEM]=${R[rate]} SAT_P50[$SYSTEM]=${R[p50]} SAT_P99[$SYSTEM]=${R[p99]} SAT_CPU[$SYSTEM]=${R[cpu_ms]}
  load "paced-$PACED_RATE" "$MEASURE_SECONDS" "$PACED_RATE"
  PACED_P99[$SYSTEM]=${R[p99]} PACED_GOT[$SYSTEM]=${R[rate]}
  LOAD[$SYSTEM]="${LOAD[$SYSTEM]}–$(cut -d' ' -f1 /proc/loadavg)"
  NON200[$SYSTEM]="$OTHER_TOTAL of $((OK_TOTAL + OTHER_TOTAL)) answers (1 expected: the wrong-secret check), socket errors $SOCKET_TOTAL"
}

# Passerelle: every event id a 200 carried is in the inbox (ids from its rows, PostgreSQL or H2).
check_stored() {
  local acked distinct stored missing
  if [[ "$SYSTEM" == passerelle-pg ]]; then
    sql "select id from inbox_event where tenant_id = '$TENANT_ID' and source = 'woocommerce'" >"$OUT/$SYSTEM-stored"
    stop_system
  else
    stop_system # the embedded database is the server's own file: read it once the server is gone
    unzip -p "$JAR" 'BOOT-INF/lib/h2-*.jar' >"$OUT/h2.jar"
    java -cp "$OUT/h2.jar" org.h2.tools.Shell \
      -url "jdbc:h2:file:$BENCH_DIR/data/passerelle;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
      -user sa -password "" \
      -sql "CALL CSVWRITE('$OUT/$SYSTEM-stored.csv', 'SELECT id FROM inbox_event WHERE source = ''woocommerce''')" >/dev/null
    grep -Eo '[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}' "$OUT/$SYSTEM-stored.csv" >"$OUT/$SYSTEM-stored"
  fi
  sort -o "$OUT/$SYSTEM-stored" "$OUT/$SYSTEM-stored"
  sort -u "$OUT/$SYSTEM-acked" >"$OUT/$SYSTEM-acked-ids"
  acked=$(wc -l <"$OUT/$SYSTEM-acked"); distinct=$(wc -l <"$OUT/$SYSTEM-acked-ids")
  stored=$(wc -l <"$OUT/$SYSTEM-stored")
  missing=$(comm -23 "$OUT/$SYSTEM-acked-ids" "$OUT/$SYSTEM-stored" | wc -l)
  # stored may exceed acknowledged: a request wrk gave up on when a run's time ran out can still commit.
  CHECK[$SYSTEM]="200s $OK_TOTAL, event ids in them $acked ($distinct distinct, answers saying duplicate: $DUP_TOTAL), stored $stored, acknowledged but not stored: $missing"
  echo "  ${CHECK[$SYSTEM]}"
  [[ "$missing" -eq 0 && "$distinct" -eq "$acked" && "$acked" -eq "$OK_TOTAL" && "$stored" -ge "$acked" && "$DUP_TOTAL" -eq 0 ]] \
    || { echo "FAIL: $SYSTEM acknowledged an order it did not store"; CHECK[$SYSTEM]="FAIL: ${CHECK[$SYSTEM]}"; FAILED=1; }
}

echo "bench/compare: $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: $CONNECTIONS connections, $WRK_THREADS threads; warm-up ${WARMUP_SECONDS} s runs until two within ${WARMUP_TOLERANCE} % (at least $WARMUP_MIN_RUNS, at most $WARMUP_MAX_RUNS); measured ${MEASURE_SECONDS} s saturation, ${MEASURE_SECONDS} s at $PACED_RATE/s offered"
echo "node $(node --version); $(java -version 2>&1 | head -n 1)"

for SYSTEM in $SYSTEMS; do
  case "$SYSTEM" in
    node-red)
      LABEL[$SYSTEM]="Node-RED $NODE_RED_VERSION (http in → HMAC → 200)"; STORES[$SYSTEM]="no (memory only)"
      echo "--- ${LABEL[$SYSTEM]} ($(date -u +%T))"; start_node_red; measure; stop_system ;;
    n8n)
      LABEL[$SYSTEM]="n8n $N8N_VERSION (webhook → HMAC → respond)"; STORES[$SYSTEM]="yes (its execution, in SQLite)"
      echo "--- ${LABEL[$SYSTEM]} ($(date -u +%T))"; start_n8n; measure; stop_system ;;
    passerelle-h2)
      LABEL[$SYSTEM]="Passerelle, embedded H2 (the default)"; STORES[$SYSTEM]="yes (inbox row, committed)"
      echo "--- ${LABEL[$SYSTEM]} ($(date -u +%T))"; start_passerelle h2; measure; check_stored ;;
    passerelle-pg)
      start_passerelle pg
      LABEL[$SYSTEM]="Passerelle, PostgreSQL $(sql 'show server_version' | cut -d' ' -f1)"; STORES[$SYSTEM]="yes (inbox row, committed)"
      echo "--- ${LABEL[$SYSTEM]} ($(date -u +%T))"; measure; check_stored ;;
    *) echo "unknown system $SYSTEM (node-red, n8n, passerelle-h2, passerelle-pg)"; exit 2 ;;
  esac
done

ratio() { # value reference: "0.70×", or "–" without a reference
  [[ -n "$2" ]] && awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) printf "–"; else if (a / b < 0.1) printf "%.3f×", a / b; else printf "%.2f×", a / b }' || printf '–'
}
echo
echo "=== $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| system | accepted/s (saturation) | p50 | p99 | CPU per 200 (system + database) | p99 at $PACED_RATE/s offered (achieved) | stores the event before 200 | accepted/s ÷ Node-RED | p99 at $PACED_RATE/s ÷ Node-RED |"
echo "|---|---|---|---|---|---|---|---|---|"
for SYSTEM in $SYSTEMS; do
  printf '| %s | %.0f | %.1f ms | %.1f ms | %.3f ms | %.1f ms (%.0f/s) | %s | %s | %s |\n' "${LABEL[$SYSTEM]}" "${SAT[$SYSTEM]}" \
    "${SAT_P50[$SYSTEM]}" "${SAT_P99[$SYSTEM]}" "${SAT_CPU[$SYSTEM]}" "${PACED_P99[$SYSTEM]}" "${PACED_GOT[$SYSTEM]}" "${STORES[$SYSTEM]}" \
    "$(ratio "${SAT[$SYSTEM]}" "${SAT[node-red]:-}")" "$(ratio "${PACED_P99[$SYSTEM]}" "${PACED_P99[node-red]:-}")"
done
echo
for SYSTEM in $SYSTEMS; do
  echo "${LABEL[$SYSTEM]}: warm-up ${WARMUP[$SYSTEM]}; load average ${LOAD[$SYSTEM]} over the measured runs"
  echo "  non-200: ${NON200[$SYSTEM]}"
  [[ -z "${CHECK[$SYSTEM]:-}" ]] || echo "  every 200 stored? ${CHECK[$SYSTEM]}"
done
echo "logs and wrk outputs: $OUT"
exit "$FAILED"
