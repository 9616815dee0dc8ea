# Shared by bench/warm/run.sh and bench/warm/train.sh. Source it.
#
# env: DB (postgres | h2), JAVA_HOME (Java 17 by default), JAVA_OPTS (-Xmx1g), PORT (18780),
#      AUTO_SEND (false: the shop's orders become invoices, not emailed), RATE_CAP (orders signed per
#      second of load, 5000: more than the server takes, so no order is sent twice).
set -euo pipefail

WARM_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$WARM_SRC/../.." && pwd)"
DB="${DB:-postgres}"
[[ "$DB" == postgres || "$DB" == h2 ]] || { echo "DB must be postgres or h2"; exit 2; }
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
JAVA_FEATURE="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")"
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"
PORT="${PORT:-18780}"
BASE="http://127.0.0.1:$PORT"
WORK="${WORK:-$ROOT/target/warm}"
ADMIN_TOKEN="warm-operator-token"
AUTO_SEND="${AUTO_SEND:-false}"
RATE_CAP="${RATE_CAP:-5000}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
PG_TEMPLATE=passerelle_warm_template
PG_DB=passerelle_warm
PSQL=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)
TEMPLATE="$WORK/template-$DB"
FIXTURE="$ROOT/src/test/resources/woocommerce/order-727-processing.json"

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2"; apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk; need jq jq; need openssl openssl; need python3 python3
now_ms() { date +%s%3N; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# The packaged jar, built when missing or older than the sources.
ensure_jar() {
  JAR="$(ls "$ROOT"/target/passerelle-*.jar 2>/dev/null | head -n 1 || true)"
  if [[ -z "$JAR" || -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -type f | head -n 1)" ]]; then
    (cd "$ROOT" && ./mvnw -B -ntp -q package -DskipTests -Dmaven.test.skip=true -Djazzer.skip=true)
    JAR="$(ls "$ROOT"/target/passerelle-*.jar | head -n 1)"
  fi
}

pg_up() {
  pg_isready -q -h 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
}

# start_server APP_JAR LOG [java options...]: launches in the background (cwd: the repository, as the
# other benches), sets SERVER_PID and LAUNCHED_MS. Uses DATA_DIR and DB_NAME.
start_server() {
  local app="$1" log="$2"; shift 2
  local env=(PASSERELLE_ADMIN_TOKEN="$ADMIN_TOKEN" PASSERELLE_MASTER_KEY="$(cat "$TEMPLATE/master-key")"
             PASSERELLE_DATA_DIR="$DATA_DIR" PORT="$PORT")
  if [[ "$DB" == postgres ]]; then
    env+=(PASSERELLE_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB_NAME" PASSERELLE_DB_USER=postgres)
  fi
  LAUNCHED_MS=$(now_ms)
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  (cd "$ROOT" && exec env "${env[@]}" "$JAVA" $JAVA_OPTS "$@" -jar "$app") >>"$log" 2>&1 &
  SERVER_PID=$!
  SERVER_LOG="$log"
}

# wait_ready: polls readiness every 100 ms; sets READY_MS.
wait_ready() {
  for _ in $(seq 1 $(( ${READY_SECONDS:-300} * 10 ))); do
    if curl -sf -o /dev/null "$BASE/actuator/health/readiness"; then READY_MS=$(now_ms); return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited before it was ready, see $SERVER_LOG"; tail -n 20 "$SERVER_LOG"; exit 1; }
    sleep 0.1
  done
  echo "server not ready after ${READY_SECONDS:-300} s, see $SERVER_LOG"; exit 1
}

# stop_server [grace seconds]: SIGTERM (graceful: what writes CDS archives and AOT caches), then SIGKILL.
stop_server() {
  [[ -n "${SERVER_PID:-}" ]] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 $(( ${1:-30} * 10 ))); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# The database every run starts from, made once per database kind and jar: migrated, one tenant with
# one WooCommerce shop connected (documentKind invoice, trigger paid, autoSend AUTO_SEND), nothing
# else. Also the signed orders for that shop's secret. Sets DELIVERY_PATH.
prepare_template() {
  local stamp
  stamp="$(stat -c '%Y-%s' "$JAR")-$AUTO_SEND"
  if [[ ! -f "$TEMPLATE/ready" || "$(cat "$TEMPLATE/ready")" != "$stamp" ]]; then
    echo "== preparing the $DB template database (once per jar)"
    rm -rf "$TEMPLATE"; mkdir -p "$TEMPLATE/data"
    openssl rand -base64 32 >"$TEMPLATE/master-key"
    DATA_DIR="$TEMPLATE/data"; DB_NAME="$PG_TEMPLATE"
    if [[ "$DB" == postgres ]]; then
      pg_up
      "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $PG_TEMPLATE WITH (FORCE)" -c "CREATE DATABASE $PG_TEMPLATE"
    fi
    local java_opts_saved="$JAVA_OPTS" java_saved="$JAVA"
    JAVA="/usr/lib/jvm/java-17-openjdk-amd64/bin/java"; JAVA_OPTS="-Xmx1g"
    start_server "$JAR" "$TEMPLATE/server.log"
    wait_ready
    JAVA="$java_saved"; JAVA_OPTS="$java_opts_saved"
    local key conn
    key=$(curl -sSf -X POST "$BASE/api/v1/tenants" -H "Authorization: Bearer $ADMIN_TOKEN" \
      -H 'Content-Type: application/json' -d '{"name":"Warm Shop"}' | jq -r .apiKey)
    conn=$(curl -sSf -X POST "$BASE/api/v1/connections/woocommerce" -H "Authorization: Bearer $key" \
      -H 'Content-Type: application/json' \
      -d '{"name":"Warm shop","shopUrl":"https://bench-shop.example","settings":{"documentKind":"invoice","trigger":"paid","autoSend":'"$AUTO_SEND"'}}')
    jq -r .deliveryUrl <<<"$conn" | sed -E 's#^https?://[^/]+##' >"$TEMPLATE/delivery-path"
    jq -r .secret <<<"$conn" >"$TEMPLATE/secret"
    stop_server 60
    echo "$stamp" >"$TEMPLATE/ready"
  fi
  DELIVERY_PATH="$(cat "$TEMPLATE/delivery-path")"
  local want=$(( RATE_CAP * ${ORDER_SECONDS:-150} ))
  if [[ ! -f "$TEMPLATE/orders-count" || "$(cat "$TEMPLATE/orders-count")" -lt "$want" ]]; then
    echo "== signing $want distinct orders (once per template)"
    python3 "$WARM_SRC/make_orders.py" "$FIXTURE" "$(cat "$TEMPLATE/secret")" "$want" "$THREADS" "$TEMPLATE/orders"
    echo "$want" >"$TEMPLATE/orders-count"
  fi
}

# fresh_copy RUN_DIR: a copy of the template for one run; sets DATA_DIR and DB_NAME.
fresh_copy() {
  rm -rf "$1"; mkdir -p "$1"
  if [[ "$DB" == postgres ]]; then
    pg_up
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB TEMPLATE $PG_TEMPLATE"
    DB_NAME="$PG_DB"; DATA_DIR="$1/data"; mkdir -p "$DATA_DIR"
  else
    cp -a "$TEMPLATE/data" "$1/data"; DATA_DIR="$1/data"; DB_NAME=
  fi
}

# full_load SECONDS OUT_PREFIX: wrk, CONNECTIONS connections, posting the signed orders; accepted and
# other answers per second from the start into OUT_PREFIX.per-second ("second accepted other"),
# wrk's report into OUT_PREFIX.wrk.
full_load() {
  WARM_T0_MS=$(now_ms) ORDERS_PREFIX="$TEMPLATE/orders" PER_SECOND_OUT="$2.per-second" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1"s --timeout 10s -s "$WARM_SRC/warm.lua" "$BASE$DELIVERY_PATH" >"$2.wrk" 2>&1
}

# The server's own count of accepted orders (Prometheus counter), to set beside wrk's.
server_accepted() {
  curl -sf -H "Authorization: Bearer $ADMIN_TOKEN" "$BASE/actuator/prometheus" \
    | awk '/^passerelle_woocommerce_received_total\{/ && /kind="order"/ {s += $NF} END {printf "%d", s}'
}

jit_seconds() { "$JAVA_HOME/bin/jstat" -compiler "$SERVER_PID" 2>/dev/null | awk 'NR == 2 {print $4}'; }
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$SERVER_PID/stat" 2>/dev/null; }
