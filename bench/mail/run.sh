#!/usr/bin/env bash
# Mail outbox throughput: emails/s from queued to accepted by a local SMTP server (Postfix's
# smtp-sink, which accepts and discards), on PostgreSQL.
#   bench/mail/run.sh     env: COUNT=2000 INVOICES=1000 WORKERS="4 16" CONCURRENCY=16 BACKLOG=10000
#                         PACED_RATE=200 PACED_COUNT=3000 TRICKLE_RATE=200 TRICKLE_SECONDS=30
#                         SCENARIOS="notify backlog paced documents" (and "trickle")
#                         PASSERELLE_JAR=path (another build, e.g. main's, instead of this tree's)
#                         PROFILE=1: a JFR recording of the backlog's drain, summed up by bench/mail/profile.py
# Scenario "notify": COUNT notification emails queued over HTTP (POST /api/v1/emails) while the
# workers send. Scenario "backlog": BACKLOG notification emails put in the outbox at once (one SQL
# insert copying a queued one), so the rate is the outbox's alone, not the HTTP queueing's.
# Scenario "paced": PACED_COUNT notifications offered at PACED_RATE a second over HTTP: the mean
# time from queued to accepted at that rate. Scenario "trickle": TRICKLE_RATE notifications a second
# written straight into the outbox for TRICKLE_SECONDS: the same figure, with no HTTP load generator
# on the same cores (it could not offer 200/s here). Scenario "documents": INVOICES issued invoices
# bulk-sent (POST /api/v1/documents/send): rendering from templates, the SMTP transaction, and
# marking each document sent with its history.
# Rate = emails / (last accepted_at - first created_at), from the outbox rows themselves.
export BENCH_DB="${BENCH_DB:-passerelle_mail}"
source "$(dirname "$0")/../lib.sh"
COUNT="${COUNT:-2000}"
INVOICES="${INVOICES:-1000}"
WORKERS="${WORKERS:-4 16}"
CONCURRENCY="${CONCURRENCY:-16}"
BACKLOG="${BACKLOG:-10000}"
PACED_RATE="${PACED_RATE:-200}"
PACED_COUNT="${PACED_COUNT:-3000}"
TRICKLE_RATE="${TRICKLE_RATE:-200}"
TRICKLE_SECONDS="${TRICKLE_SECONDS:-30}"
SCENARIOS="${SCENARIOS:-notify backlog paced documents}"
SINK_PORT="${SINK_PORT:-2525}"
OUT="$BENCH_DIR/mail"; rm -rf "$OUT" "$BENCH_DIR/data" "$BENCH_DIR/server.log"; mkdir -p "$OUT"
LOAD=(java "$ROOT/bench/tools/MailLoad.java")

need jq jq
command -v smtp-sink >/dev/null 2>&1 || [[ -x /usr/sbin/smtp-sink ]] || {
  echo "installing postfix (for smtp-sink)"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null; }
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
if [[ -n "${PASSERELLE_JAR:-}" ]]; then JAR="$PASSERELLE_JAR"; else ensure_jar; fi

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

wait_sent() { # expected row-filter
  for _ in $(seq 1 1200); do
    left=$(sql "select count(*) from email where $2 and status in ('QUEUED','SENDING','DEFERRED')")
    sent=$(sql "select count(*) from email where $2 and status = 'SENT'")
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

  load1() { cut -d' ' -f1 /proc/loadavg; }
  if [[ " $SCENARIOS " == *" notify "* ]]; then
    echo "--- notify: $COUNT notifications, $CONCURRENCY HTTP clients (load $(load1))"
    "${LOAD[@]}" notify "$BASE" "$KEY" "$COUNT" "$CONCURRENCY"
    wait_sent "$COUNT" "idempotency_key like 'api:bench-%'"
    echo "notify: $(sql "$rate_sql from email where idempotency_key like 'api:bench-%'") (load $(load1))"
  fi

  if [[ " $SCENARIOS " == *" backlog "* ]]; then
    # One queued notification to copy, then BACKLOG copies in one statement: all due at once.
    "${LOAD[@]}" notify "$BASE" "$KEY" 1 1 0 template >/dev/null
    wait_sent 1 "idempotency_key = 'api:template-0'"
    echo "--- backlog: $BACKLOG notifications put in the outbox at once (load $(load1))"
    sql "insert into email (id, tenant_id, kind, idempotency_key, to_addresses, cc_addresses, bcc_addresses, subject,
           text_body, html_body, language, message_id, status, attempts, next_attempt_at, created_at, updated_at)
         select gen_random_uuid(), tenant_id, kind, 'backlog-' || g, to_addresses, cc_addresses, bcc_addresses,
           subject || ' ' || g, text_body, html_body, language, '<backlog-' || g || '-' || gen_random_uuid() || '@bench.example>',
           'QUEUED', 0, now(), now(), now()
         from email, generate_series(1, $BACKLOG) g where idempotency_key = 'api:template-0'" >/dev/null
    [[ -z "${PROFILE:-}" ]] || jcmd "$SERVER_PID" JFR.start name=backlog settings="$ROOT/bench/pdf/sampling.jfc" >/dev/null
    wait_sent "$BACKLOG" "idempotency_key like 'backlog-%'"
    echo "backlog: $(sql "$rate_sql from email where idempotency_key like 'backlog-%'") (load $(load1))"
    if [[ -n "${PROFILE:-}" ]]; then
      jcmd "$SERVER_PID" JFR.stop name=backlog filename="$OUT/backlog-$workers.jfr" >/dev/null
      jfr print --json --stack-depth 256 --events jdk.ExecutionSample,jdk.NativeMethodSample "$OUT/backlog-$workers.jfr" \
        >"$OUT/backlog-$workers.json"
      python3 "$ROOT/bench/mail/profile.py" "$OUT/backlog-$workers.json" | tee "$OUT/backlog-$workers.txt"
    fi
  fi

  if [[ " $SCENARIOS " == *" trickle "* ]]; then
    # TRICKLE_RATE emails a second for TRICKLE_SECONDS written straight into the outbox (a tenth of a
    # second's worth at a time, from one psql session), as a busy application would queue them: the
    # outbox's queued -> accepted at that rate, without an HTTP load generator on the same cores.
    [[ " $SCENARIOS " == *" backlog "* ]] || { "${LOAD[@]}" notify "$BASE" "$KEY" 1 1 0 template >/dev/null
      wait_sent 1 "idempotency_key = 'api:template-0'"; }
    per_tick=$(( TRICKLE_RATE / 10 ))
    echo "--- trickle: $TRICKLE_RATE notifications/s for $TRICKLE_SECONDS s, $per_tick every 100 ms (load $(load1))"
    for tick in $(seq 1 $(( TRICKLE_SECONDS * 10 ))); do
      echo "insert into email (id, tenant_id, kind, idempotency_key, to_addresses, cc_addresses, bcc_addresses, subject,
              text_body, html_body, language, message_id, status, attempts, next_attempt_at, created_at, updated_at)
            select gen_random_uuid(), tenant_id, kind, 'trickle-$tick-' || g, to_addresses, cc_addresses, bcc_addresses,
              subject || ' $tick ' || g, text_body, html_body, language, '<trickle-$tick-' || g || '-' || gen_random_uuid() || '@bench.example>',
              'QUEUED', 0, clock_timestamp(), clock_timestamp(), clock_timestamp()
            from email, generate_series(1, $per_tick) g where idempotency_key = 'api:template-0';"
      echo "select pg_sleep(0.1);"
    done | "${PSQL[@]}" -d "$BENCH_DB" -o /dev/null
    wait_sent "$(( per_tick * TRICKLE_SECONDS * 10 ))" "idempotency_key like 'trickle-%'"
    echo "trickle: $(sql "$rate_sql from email where idempotency_key like 'trickle-%'") (load $(load1))"
    echo "trickle queued -> accepted: $(sql "select 'p50 ' || round((percentile_cont(0.5) within group (order by l))::numeric) || ' ms, p99 '
      || round((percentile_cont(0.99) within group (order by l))::numeric) || ' ms, max ' || round(max(l)::numeric) || ' ms'
      from (select extract(epoch from accepted_at - created_at) * 1000 as l from email where idempotency_key like 'trickle-%') x")"
  fi

  if [[ " $SCENARIOS " == *" paced "* ]]; then
    echo "--- paced: $PACED_COUNT notifications offered at $PACED_RATE/s over HTTP (load $(load1))"
    "${LOAD[@]}" notify "$BASE" "$KEY" "$PACED_COUNT" "$CONCURRENCY" "$PACED_RATE" paced
    wait_sent "$PACED_COUNT" "idempotency_key like 'api:paced-%'"
    echo "paced: $(sql "$rate_sql from email where idempotency_key like 'api:paced-%'") (load $(load1))"
  fi

  if [[ " $SCENARIOS " == *" documents "* ]]; then
    echo "--- documents: $INVOICES invoices created and issued first, then bulk-sent (load $(load1))"
    "${LOAD[@]}" invoices "$BASE" "$KEY" "$client" "$INVOICES" "$CONCURRENCY" "$OUT/invoices-$workers"
    "${LOAD[@]}" bulk "$BASE" "$KEY" "$OUT/invoices-$workers"
    wait_sent "$INVOICES" "kind like 'document.%'"
    echo "documents: $(sql "$rate_sql from email where kind like 'document.%'") (load $(load1))"
    echo "documents marked SENT: $(sql "select count(*) from document where status = 'SENT'")"
  fi
  echo "failed/deferred/unconfirmed: $(sql "select count(*) from email where status not in ('SENT')")"
  # The only automatic second attempt follows a failure: an email sent twice would show attempts > 1.
  echo "emails with more than one attempt: $(sql "select count(*) from email where attempts <> 1")"
  stop_server
done
