#!/usr/bin/env bash
# Chaos on a cluster: three Passerelle instances sharing one PostgreSQL, signed hooks posted to all
# three, instances killed with kill -9 and restarted again and again, then PostgreSQL itself
# restarted under load; then a ledger proves, for each durable queue on the path, that nothing
# acknowledged was lost, nothing was done twice, and nothing is stuck 30 s after the load stopped.
#
# The path of each posted event (every hop a different durable queue):
#   signed hook -> inbox -> route run (built-in hook-upsert-client, one client per event's ref)
#   -> client.created -> (a) a REST-hook delivery to a local receiver that checks signatures
#                        (b) an automation run -> an email through the mail outbox to smtp-sink,
#                            which dumps every message it accepts to a file
#
#   bench/chaos/run.sh      env: INSTANCES=3 KILLS=6 STOPS=2 (graceful, SIGTERM) CONCURRENCY=1 (per instance) DRAIN_MAX=900 PG_RESTARTS=1 READY_WAIT=600
# The load stops STOP_AFTER_RESTART (5) s after the last restart; the ledger is read SETTLE (30) s after
# every queue has drained (waited for up to DRAIN_MAX s; the time it took is printed).
BENCH_DB="${BENCH_DB:-passerelle_chaos}"
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
INSTANCES="${INSTANCES:-3}"
KILLS="${KILLS:-6}"
STOPS="${STOPS:-2}"
CONCURRENCY="${CONCURRENCY:-1}"
PG_RESTARTS="${PG_RESTARTS:-1}"
FIRST_PORT="${FIRST_PORT:-18700}"
SINK_PORT="${SINK_PORT:-2526}"
RECEIVER_PORT="${RECEIVER_PORT:-18790}"
SETTLE="${SETTLE:-30}"
DRAIN_MAX="${DRAIN_MAX:-900}"
READY_WAIT="${READY_WAIT:-600}"   # s an instance may take to be ready: under load 20-30 a start took 175 s
OUT="$BENCH_DIR/chaos"; rm -rf "$OUT"; mkdir -p "$OUT/sink"
chmod 1777 "$OUT/sink"   # smtp-sink writes its dumps as the unprivileged user it switches to
MASTER_KEY=$(head -c 32 /dev/urandom | base64)   # one key for the cluster: each instance reads the others' secrets
PG_VERSION=$(ls /etc/postgresql | sort -V | tail -n 1)

need jq jq
command -v smtp-sink >/dev/null 2>&1 || [[ -x /usr/sbin/smtp-sink ]] || {
  echo "installing postfix (for smtp-sink)"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null; }
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
ensure_jar; fresh_database
load() { cut -d' ' -f1-3 /proc/loadavg; }

declare -a PIDS LOADERS
port() { echo $((FIRST_PORT + $1)); }
# start_instance I: starts instance I in the background and waits until it is ready.
start_instance() {
  local i=$1 p; p=$(port "$1")
  PASSERELLE_DB_URL="jdbc:postgresql://127.0.0.1:5432/$BENCH_DB" PASSERELLE_DB_USER=postgres \
  PASSERELLE_ADMIN_TOKEN="$ADMIN_TOKEN" PASSERELLE_MASTER_KEY="$MASTER_KEY" PASSERELLE_DATA_DIR="$OUT/data-$i" PORT="$p" \
  PASSERELLE_MAIL_SMTP_HOST=127.0.0.1 PASSERELLE_MAIL_SMTP_PORT="$SINK_PORT" PASSERELLE_MAIL_SMTP_SECURITY=none \
    java -Xmx512m -jar "$JAR" --passerelle.public-url="http://127.0.0.1:$p" \
    --passerelle.outbound.allow-loopback=true >>"$OUT/server-$i.log" 2>&1 &
  PIDS[$i]=$!
  for _ in $(seq 1 $((READY_WAIT * 2))); do
    curl -sf "http://127.0.0.1:$p/actuator/health/readiness" >/dev/null 2>&1 && return 0
    kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "instance $i died, see $OUT/server-$i.log"; exit 1; }
    sleep 0.5
  done
  echo "instance $i did not become ready"; exit 1
}
cleanup() {
  touch "$OUT/stop" "$OUT/stop-load"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  kill "${SINK_PID:-}" "${RECEIVER_PID:-}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

"$SINK" -u nobody -d "$OUT/sink/%H%M%S." "127.0.0.1:$SINK_PORT" 256 >"$OUT/sink.log" 2>&1 &
SINK_PID=$!
echo "== $INSTANCES instances on PostgreSQL $BENCH_DB, $(nproc) cores, $(date -u +%FT%TZ), load $(load)"
for i in $(seq 0 $((INSTANCES - 1))); do start_instance "$i"; done
BASE="http://127.0.0.1:$(port 0)"

# One tenant: a signed hook, the built-in route that makes a client of each event, a REST hook on
# client.created, and an automation that emails each new client at once.
tenant=$(curl -sf -X POST "$BASE/api/v1/tenants" -H "Authorization: Bearer $ADMIN_TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"Chaos Shop"}')
KEY=$(jq -r .apiKey <<<"$tenant")
api() { curl -sf -X "$1" "$BASE$2" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
api PUT /api/v1/settings/company '{"name":"Chaos Shop","email":"shop@chaos.example","defaultLanguage":"en"}' >/dev/null
api PUT /api/v1/settings/mail '{"sender":"hub","attachPdf":false}' >/dev/null
hook=$(api POST /api/v1/hooks '{"name":"chaos","signed":true}')
HOOK_PATH=$(jq -r .url <<<"$hook" | sed 's|^https\?://[^/]*||'); HOOK_SECRET=$(jq -r .secret <<<"$hook")
api POST /api/v1/route-installations '{"route":"hook-upsert-client","parameters":{"hook":"chaos",
  "mapping":{"externalId":"${event.ref}","name":"${event.customer.name} ${event.ref}","email":"${event.ref}@chaos.example"}}}' >/dev/null
sub=$(api POST /api/v1/subscriptions "{\"event\":\"client.created\",\"targetUrl\":\"http://127.0.0.1:$RECEIVER_PORT/chaos\"}")
printf '/chaos\t%s\n' "$(jq -r .secret <<<"$sub")" >"$OUT/secrets.tsv"
api POST /api/v1/automations '{"name":"Welcome","trigger":"client.created","actions":[{"block":"send-email",
  "properties":{"subject":"Welcome {{client.name}}","body":"Hello {{client.name}}, welcome."}}]}' >/dev/null

java -Xmx256m bench/tools/WebhookReceiver.java "$RECEIVER_PORT" "$OUT/received.tsv" "$OUT/secrets.tsv" "$OUT/stop" \
  >>"$OUT/receiver.log" 2>&1 &
RECEIVER_PID=$!
for _ in $(seq 1 120); do grep -q receiving "$OUT/receiver.log" 2>/dev/null && break; sleep 0.5; done

echo "--- posting to every instance ($CONCURRENCY connections each); $KILLS kill -9 of a random instance, $PG_RESTARTS PostgreSQL restart(s)"
for i in $(seq 0 $((INSTANCES - 1))); do
  java bench/tools/HookLoad.java crash "http://127.0.0.1:$(port "$i")$HOOK_PATH" "$HOOK_SECRET" "$CONCURRENCY" \
    "$OUT/stop-load" "$OUT/acks-$i" >"$OUT/loader-$i.log" 2>&1 &
  LOADERS[$i]=$!
done
for i in $(seq 0 $((INSTANCES - 1))); do while [[ ! -s "$OUT/acks-$i" ]]; do sleep 0.5; done; done
acked() { cat "$OUT"/acks-* | wc -l; }
for k in $(seq 1 "$KILLS"); do
  sleep $((3 + RANDOM % 5))
  i=$((RANDOM % INSTANCES))
  kill -9 "${PIDS[$i]}"; wait "${PIDS[$i]}" 2>/dev/null || true
  echo "kill -9 #$k of instance $i after $(acked) acknowledged; inbox processing $(sql "select count(*) from inbox_event where status = 'PROCESSING'"), emails sending $(sql "select count(*) from email where status = 'SENDING'")"
  start_instance "$i"
done
# Graceful stops too: an instance stopping with a backlog must leave no event done without its run
# (bench/soak found 14,418 so at two shutdowns, before the work queues were made to stop first).
for k in $(seq 1 "$STOPS"); do
  sleep $((3 + RANDOM % 5))
  i=$((RANDOM % INSTANCES))
  pending=$(sql "select count(*) from inbox_event where status <> 'PROCESSED'")
  started=$(date +%s.%N)
  kill -TERM "${PIDS[$i]}"; wait "${PIDS[$i]}" 2>/dev/null || true
  echo "graceful stop #$k of instance $i after $(acked) acknowledged, $pending inbox events not yet processed (took $(printf '%.1f' "$(echo "$(date +%s.%N) - $started" | bc)") s)"
  start_instance "$i"
done
for r in $(seq 1 "$PG_RESTARTS"); do
  sleep 5
  before=$(acked); started=$(date +%s.%N)
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main restart -m fast
  echo "PostgreSQL restart #$r after $before acknowledged (took $(printf '%.1f' "$(echo "$(date +%s.%N) - $started" | bc)") s)"
  # The instances are not restarted: each must answer again on its own.
  for i in $(seq 0 $((INSTANCES - 1))); do
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$(port "$i")/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 0.5; done
  done
  sleep 5
  echo "  after it: $(( $(acked) - before )) more acknowledged; every instance ready again without a restart"
done
sleep "${STOP_AFTER_RESTART:-5}"
touch "$OUT/stop-load"; wait "${LOADERS[@]}" 2>/dev/null || true
echo "--- load stopped at $(acked) acknowledged; waiting for every queue to drain (at most $DRAIN_MAX s)"
# On these 2 cores the receivers take events faster than the path behind them works them off: a
# backlog is not a stuck row. "Stuck" is judged SETTLE s after the queues stopped moving.
pending() { sql "select (select count(*) from inbox_event where status in ('PENDING','PROCESSING'))
  + (select count(*) from route_run where status in ('PENDING','RUNNING'))
  + (select count(*) from event_delivery where status in ('PENDING','RUNNING','PROCESSING'))
  + (select count(*) from automation_run where status in ('PENDING','RUNNING'))
  + (select count(*) from email where status in ('QUEUED','SENDING','DEFERRED'))
  + (select count(*) from webhook_delivery where status = 'PENDING')"; }
drain_started=$(date +%s)
for _ in $(seq 1 "$DRAIN_MAX"); do [[ "$(pending)" == 0 ]] && break; sleep 1; done
echo "drained in $(( $(date +%s) - drain_started )) s (left: $(pending)); reading the ledger $SETTLE s later"
sleep "$SETTLE"

cat "$OUT"/acks-* | cut -d' ' -f1 | sort -u >"$OUT/acked-refs"
cat "$OUT"/acks-* | cut -d' ' -f2 | sort -u >"$OUT/acked-ids"
sql "create table if not exists chaos_acked (id uuid primary key); truncate chaos_acked"
sql "create table if not exists chaos_refs (ref varchar(200) primary key); truncate chaos_refs"
"${PSQL[@]}" -d "$BENCH_DB" -c "\\copy chaos_acked from '$OUT/acked-ids'"
"${PSQL[@]}" -d "$BENCH_DB" -c "\\copy chaos_refs from '$OUT/acked-refs'"
# What smtp-sink accepted, by the email id each message carries.
grep -rh '^X-Passerelle-Email-Id:' "$OUT/sink" | awk '{print $2}' | tr -d '\r' | sort | uniq -c | awk '{print $2 "\t" $1}' >"$OUT/sunk.tsv" || true
sql "create table if not exists chaos_sunk (email_id uuid primary key, times int); truncate chaos_sunk"
"${PSQL[@]}" -d "$BENCH_DB" -c "\\copy chaos_sunk from '$OUT/sunk.tsv'"
# What the receiver took, by webhook-id, with the signature checked.
cut -f3,5 "$OUT/received.tsv" | sort | uniq -c | awk '{print $2 "\t" $3 "\t" $1}' >"$OUT/hooks.tsv"
sql "create table if not exists chaos_hooks (webhook_id varchar(200), signed char(1), times int); truncate chaos_hooks"
"${PSQL[@]}" -d "$BENCH_DB" -c "\\copy chaos_hooks from '$OUT/hooks.tsv'"

fail=0
check() { # label value expected
  printf '  %-78s %s\n' "$1" "$2"
  [[ "$2" == "$3" ]] || { echo "    expected $3"; fail=1; }
}
acked_n=$(acked); refs=$(wc -l <"$OUT/acked-refs")
echo "acknowledged (200): $acked_n ($refs distinct refs); stored events: $(sql "select count(*) from inbox_event")"
echo "inbox"
check "acknowledged but not stored" "$(sql "select count(*) from chaos_acked a where not exists (select 1 from inbox_event e where e.id = a.id)")" 0
check "acknowledged but not PROCESSED" "$(sql "select count(*) from chaos_acked a join inbox_event e on e.id = a.id where e.status <> 'PROCESSED'")" 0
check "events without exactly one SUCCEEDED attempt" "$(sql "select count(*) from inbox_event e left join (select event_id, count(*) n from inbox_attempt where outcome = 'SUCCEEDED' group by 1) t on t.event_id = e.id where coalesce(t.n, 0) <> 1")" 0
check "pending or processing" "$(sql "select count(*) from inbox_event where status in ('PENDING','PROCESSING')")" 0
echo "route runs (hook -> client)"
check "stored events without exactly one DONE run" "$(sql "select count(*) from inbox_event e left join (select trigger_id, count(*) n from route_run where status = 'DONE' group by 1) r on r.trigger_id = e.id where coalesce(r.n, 0) <> 1")" 0
check "runs not DONE" "$(sql "select count(*) from route_run where status <> 'DONE'")" 0
check "acknowledged refs without exactly one client" "$(sql "select count(*) from chaos_refs a left join (select external_id, count(*) n from client_ref group by 1) c on c.external_id = a.ref where coalesce(c.n, 0) <> 1")" 0
clients=$(sql "select count(*) from client")
echo "event deliveries (client.created -> REST hook), $clients clients"
check "clients without exactly one delivery" "$(sql "select count(*) from client c left join (select e.subject_id, count(*) n from domain_event e join webhook_delivery d on d.event_id = e.id where e.type = 'client.created' group by 1) x on x.subject_id = c.id where coalesce(x.n, 0) <> 1")" 0
check "deliveries not DELIVERED" "$(sql "select count(*) from webhook_delivery where status <> 'DELIVERED'")" 0
check "deliveries never received" "$(sql "select count(*) from webhook_delivery d where not exists (select 1 from chaos_hooks h where h.webhook_id = d.event_id::text)")" 0
check "requests with a bad signature" "$(sql "select count(*) from chaos_hooks where signed <> 't'")" 0
echo "  received more than once (same webhook-id, a sender killed after the receiver's 200): $(sql "select count(*) from chaos_hooks where times > 1")"
echo "automation runs and the mail outbox (client.created -> email)"
check "clients without exactly one automation run" "$(sql "select count(*) from client c left join (select client_id, count(*) n from automation_run group by 1) r on r.client_id = c.id where coalesce(r.n, 0) <> 1")" 0
check "runs not DONE" "$(sql "select count(*) from automation_run where status <> 'DONE'")" 0
check "clients without exactly one email" "$(sql "select count(*) from client c left join (select subject, count(*) n from email group by 1) m on m.subject = 'Welcome ' || c.name where coalesce(m.n, 0) <> 1")" 0
check "emails: total = clients" "$(sql "select count(*) from email")" "$clients"
check "emails queued, sending or deferred" "$(sql "select count(*) from email where status in ('QUEUED','SENDING','DEFERRED')")" 0
check "emails received by the SMTP server more than once" "$(sql "select count(*) from chaos_sunk where times > 1")" 0
check "SENT emails not received" "$(sql "select count(*) from email e where e.status = 'SENT' and not exists (select 1 from chaos_sunk s where s.email_id = e.id)")" 0
echo "  emails by status: $(sql "select string_agg(status || ' ' || n, ', ') from (select status, count(*) n from email group by status order by 1) s")"
echo "  UNCONFIRMED (a transfer that may have started when its instance died; never resent by itself): $(sql "select count(*) from email where status = 'UNCONFIRMED'"), of which the SMTP server had $(sql "select count(*) from email e join chaos_sunk s on s.email_id = e.id where e.status = 'UNCONFIRMED'")"
echo "time from the last event stored to the last email sent and delivery made: $(sql "select round(extract(epoch from (select max(accepted_at) from email) - (select max(received_at) from inbox_event))::numeric, 1)") s / $(sql "select round(extract(epoch from (select max(finished_at) from webhook_delivery) - (select max(received_at) from inbox_event))::numeric, 1)") s"
[[ $fail -eq 0 ]] || { echo "FAIL"; exit 1; }
echo "OK: $refs acknowledged events each stored, processed, made one client, one signed delivery and at most one email, across $KILLS kill -9 and $STOPS graceful stops on $INSTANCES instances and $PG_RESTARTS PostgreSQL restart(s); nothing stuck $SETTLE s after the load stopped"
