#!/usr/bin/env bash
# Mail outbox throughput: emails/s from queued to accepted by a local SMTP server (Postfix's
# smtp-sink, which accepts and discards), on PostgreSQL.
#   bench/mail/run.sh     env: COUNT=2000 INVOICES=1000 WORKERS="4 16" CONCURRENCY=16
# Scenario "notify": COUNT notification emails queued over HTTP (POST /api/v1/emails) while the
# workers send. Scenario "documents": INVOICES issued invoices bulk-sent (POST /api/v1/documents/send):
# rendering from templates, the SMTP transaction, and marking each document sent with its history.
# Rate = emails / (last accepted_at - first created_at), from the outbox rows themselves.
export BENCH_DB="${BENCH_DB:-passerelle_mail}"
source "$(dirname "$0")/../lib.sh"
COUNT="${COUNT:-2000}"
INVOICES="${INVOICES:-1000}"
WORKERS="${WORKERS:-4 16}"
CONCURRENCY="${CONCURRENCY:-16}"
SINK_PORT="${SINK_PORT:-2525}"
OUT="$BENCH_DIR/mail"; rm -rf "$OUT" "$BENCH_DIR/data" "$BENCH_DIR/server.log"; mkdir -p "$OUT"
LOAD=(java "$ROOT/bench/tools/MailLoad.java")

need jq jq
command -v smtp-sink >/dev/null 2>&1 || [[ -x /usr/sbin/smtp-sink ]] || {
  echo "installing postfix (for smtp-sink)"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null; }
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
ensure_jar

# Backlog 256. smtp-sink accepts every message and keeps nothing.
"$SINK" -u nobody "127.0.0.1:$SINK_PORT" 256 >"$OUT/sink.log" 2>&1 &
SINK_PID=$!
cleanup() { stop_server; kill "$SINK_PID" 2>/dev/null || true; }
trap cleanup EXIT

# End to end: first queued -> last accepted. Drain: first accepted -> last accepted (the send phase alone).
# SMTP: mean time from "transfer starting" (committed) to the server's 250 being recorded.
rate_sql="select count(*) || ' sent; end to end ' || round(extract(epoch from max(accepted_at) - min(created_at))::numeric, 2)
  || ' s = ' || round(count(*) / extract(epoch from max(accepted_at) - min(created_at))::numeric, 1) || ' emails/s; drain '
  || round(count(*) / greatest(extract(epoch from max(accepted_at) - min(accepted_at)), 0.001)::numeric, 1) || ' emails/s; '
  || 'mean transfer+record ' || round(avg(extract(epoch from accepted_at - sending_started_at))::numeric * 1000, 1) || ' ms; '
  || 'mean queued->accepted ' || round(avg(extract(epoch from accepted_at - created_at))::numeric * 1000, 0) || ' ms'"

wait_sent() { # expected kind-filter
  for _ in $(seq 1 600); do
    left=$(sql "select count(*) from email where kind $2 and status in ('QUEUED','SENDING','DEFERRED')")
    sent=$(sql "select count(*) from email where kind $2 and status = 'SENT'")
    [[ "$left" == 0 && "$sent" -ge "$1" ]] && return 0
    sleep 0.5
  done
  echo "timed out: $sent sent, $left pending"; return 1
}

for workers in $WORKERS; do
  fresh_database
  PASSERELLE_MAIL_SMTP_HOST=127.0.0.1 PASSERELLE_MAIL_SMTP_PORT="$SINK_PORT" PASSERELLE_MAIL_SMTP_SECURITY=none \
  PASSERELLE_MAIL_WORKERS="$workers" start_server
  echo "=== Passerelle $(basename "$JAR") on PostgreSQL $(sql 'show server_version'), $(nproc) cores, mail workers=$workers, $(date -u +%FT%TZ)"
  tenant=$(curl -sf -X POST "$BASE/api/v1/tenants" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -d '{"name":"Bench Atelier"}')
  KEY=$(jq -r .apiKey <<<"$tenant")
  curl -sf -X PUT "$BASE/api/v1/settings/company" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d '{"name":"Atelier Lumière","email":"contact@lumiere.example","defaultLanguage":"fr"}' >/dev/null
  curl -sf -X PUT "$BASE/api/v1/settings/mail" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d '{"sender":"hub","attachPdf":false}' >/dev/null
  client=$(curl -sf -X POST "$BASE/api/v1/clients" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d '{"name":"Zoë Ångström","emails":["zoe@lumiere.example"],"language":"fr"}' | jq -r .id)

  echo "--- notify: $COUNT notifications, $CONCURRENCY HTTP clients"
  "${LOAD[@]}" notify "$BASE" "$KEY" "$COUNT" "$CONCURRENCY"
  wait_sent "$COUNT" "= 'notification'"
  echo "notify: $(sql "$rate_sql from email where kind = 'notification'")"

  echo "--- documents: $INVOICES invoices created and issued first, then bulk-sent"
  "${LOAD[@]}" invoices "$BASE" "$KEY" "$client" "$INVOICES" "$CONCURRENCY" "$OUT/invoices-$workers"
  "${LOAD[@]}" bulk "$BASE" "$KEY" "$OUT/invoices-$workers"
  wait_sent "$INVOICES" "like 'document.%'"
  echo "documents: $(sql "$rate_sql from email where kind like 'document.%'")"
  echo "documents marked SENT: $(sql "select count(*) from document where status = 'SENT'")"
  echo "failed/deferred/unconfirmed: $(sql "select count(*) from email where status not in ('SENT')")"
  stop_server
done
