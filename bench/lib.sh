# Shared by the bench scripts: start Passerelle on a dedicated PostgreSQL database and set up a tenant.
# Source it; it uses BENCH_DB, BENCH_PORT and BENCH_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DB="${BENCH_DB:-passerelle_bench}"
BENCH_PORT="${BENCH_PORT:-18080}"
BENCH_DIR="${BENCH_DIR:-$ROOT/target/bench}"
BASE="http://127.0.0.1:$BENCH_PORT"
ADMIN_TOKEN="bench-operator-token"
PSQL=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2"; apt-get install -y -qq "$2" >/dev/null; }; }

# Builds the jar when it is missing or older than the sources.
ensure_jar() {
  JAR="$(ls "$ROOT"/target/passerelle-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)"
  if [[ -z "$JAR" || -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$JAR" -type f | head -n 1)" ]]; then
    (cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package)
    JAR="$(ls "$ROOT"/target/passerelle-*.jar | grep -v plain | head -n 1)"
  fi
}

fresh_database() {
  [[ "$BENCH_DB" != test ]] || { echo "refusing to use the CI database 'test'"; exit 2; }
  pg_isready -q -h 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB" -c "CREATE DATABASE $BENCH_DB"
}

# start_server [extra spring args...]: starts in the background, PID in $SERVER_PID, waits until healthy.
# On $BENCH_DB; with BENCH_EMBEDDED=1 on the embedded H2 default instead (under $BENCH_DIR/data).
start_server() {
  mkdir -p "$BENCH_DIR"
  local db=(PASSERELLE_DB_URL="jdbc:postgresql://127.0.0.1:5432/$BENCH_DB" PASSERELLE_DB_USER=postgres)
  [[ -z "${BENCH_EMBEDDED:-}" ]] || db=(-u PASSERELLE_DB_URL -u PASSERELLE_DB_USER -u PASSERELLE_DB_PASSWORD)
  env "${db[@]}" \
  PASSERELLE_ADMIN_TOKEN="$ADMIN_TOKEN" PASSERELLE_DATA_DIR="$BENCH_DIR/data" PORT="$BENCH_PORT" \
    java ${BENCH_JAVA_OPTS:--Xmx1g} -jar "$JAR" "$@" >>"$BENCH_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  # READY_SECONDS: how long a start may take (longer on a loaded machine).
  for _ in $(seq 1 $(( ${READY_SECONDS:-60} * 2 ))); do
    curl -sf "$BASE/actuator/health/readiness" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died, see $BENCH_DIR/server.log"; exit 1; }
    sleep 0.5
  done
  echo "server did not become ready"; exit 1
}

# create_signed_hook: sets TENANT_ID, API_KEY, HOOK_URL, HOOK_SECRET.
create_signed_hook() {
  local tenant hook
  tenant=$(curl -sf -X POST "$BASE/api/v1/tenants" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -d '{"name":"Bench Shop"}')
  TENANT_ID=$(jq -r .id <<<"$tenant"); API_KEY=$(jq -r .apiKey <<<"$tenant")
  hook=$(curl -sf -X POST "$BASE/api/v1/hooks" -H "Authorization: Bearer $API_KEY" \
    -H 'Content-Type: application/json' -d '{"name":"bench","signed":true}')
  HOOK_URL=$(jq -r .url <<<"$hook"); HOOK_SECRET=$(jq -r .secret <<<"$hook")
}

# signed_bodies FILE PREFIX: 2,000 hook bodies (refs PREFIX-1..2000) signed with HOOK_SECRET, as a Lua
# table for signed-hook.lua (wrk's Lua cannot compute an HMAC).
signed_bodies() {
  {
    echo "return {"
    for i in $(seq 1 2000); do
      body="{\"ref\":\"$2-$i\",\"event\":\"order.paid\",\"amount\":\"129.90\",\"customer\":{\"name\":\"Zoë Müller\",\"email\":\"zoe$i@example.com\"}}"
      sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$HOOK_SECRET" -r | cut -d' ' -f1)
      printf '{[[%s]], "%s"},\n' "$body" "$sig"
    done
    echo "}"
  } >"$1"
}

sql() { "${PSQL[@]}" -d "$BENCH_DB" -tA -c "$1"; }

# What autovacuum does on a running server: fresh planner statistics and dead rows cleared. This
# machine's PostgreSQL runs with autovacuum off (conf.d/90-ci.conf, for CI); without this, a
# minute-old database plans with empty-table statistics and the inbox claim wades through dead rows.
vacuum_like_autovacuum() {
  if [[ "$(sql 'show autovacuum')" == off ]]; then
    echo "(autovacuum is off on this server: VACUUM ANALYZE by hand)"
    sql "VACUUM ANALYZE" >/dev/null
  fi
}

stop_server() { [[ -n "${SERVER_PID:-}" ]] || return 0; kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
