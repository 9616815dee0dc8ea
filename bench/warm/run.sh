#!/usr/bin/env bash
# Warm-up from a fresh start: signed WooCommerce order webhooks at full load from the first second.
#
# Starts Passerelle on a fresh copy of a prepared database (migrated, one tenant with one shop
# connected, nothing else; see common.sh), reports the start-up time (launch -> readiness), then at
# once puts full load on it (wrk, 32 connections, distinct signed orders, each a new inbox event) for
# DURATION seconds and prints the accepted orders of every second since the first request, the
# settled rate (mean of the last SETTLE seconds) and the first second at which the mean of three
# consecutive seconds reaches 90 % of it. Every figure is appended to target/warm/results.tsv.
#
#   bench/warm/run.sh                                   # Java 17, PostgreSQL, the packaged jar
#   DB=h2 bench/warm/run.sh                             # the embedded default
#   JAVA_OPTS="-Xmx1g -XX:TieredStopAtLevel=1" bench/warm/run.sh
#   APP_JAR=target/warm/app/passerelle-0.1.0-SNAPSHOT.jar JAVA_OPTS="-Xmx1g -XX:SharedArchiveFile=..." bench/warm/run.sh
#   (bench/warm/train.sh makes the CDS archive or the AOT cache and prints the command that uses it)
#
# env: DB (postgres | h2), JAVA_HOME (/usr/lib/jvm/java-17-openjdk-amd64; Temurin 25:
#      /usr/lib/jvm/temurin-25-jdk-amd64), JAVA_OPTS (-Xmx1g), APP_JAR (the packaged jar), DURATION (150),
#      SETTLE (30), LABEL (for the results file), KEEP (keep the run's database files),
#      PREWARM_SECONDS (0): before the measured load, that long of the same full load with every
#      signature spoilt (each order read and checked, answered 401, nothing stored); the seconds are
#      then counted from the first correctly signed order
source "$(dirname "$0")/common.sh"
DURATION="${DURATION:-150}"
SETTLE="${SETTLE:-30}"
ORDER_SECONDS="${ORDER_SECONDS:-$DURATION}"

ensure_jar
APP_JAR="${APP_JAR:-$JAR}"
prepare_template
LABEL="${LABEL:-$DB java$JAVA_FEATURE $JAVA_OPTS${APP_JAR:+ $(basename "$(dirname "$APP_JAR")")/$(basename "$APP_JAR")}}"
RUN="$WORK/runs/$(date -u +%Y%m%dT%H%M%S)-$DB-java$JAVA_FEATURE"
fresh_copy "$RUN"
trap 'stop_server 5' EXIT

LOAD_BEFORE=$(loadavg)
echo "== $(date -u +%FT%TZ) $LABEL (load $LOAD_BEFORE)"
echo "   $JAVA $JAVA_OPTS -jar $APP_JAR   (database: $DB${DB_NAME:+ $DB_NAME}, run files: $RUN)"
start_server "$APP_JAR" "$RUN/server.log"
wait_ready
STARTUP=$(echo "scale=1; ($READY_MS - $LAUNCHED_MS) / 1000" | bc)
echo "ready after ${STARTUP} s ($(grep -o 'Started PasserelleApplication in [0-9.]* seconds (process running for [0-9.]*)' "$RUN/server.log" | head -n 1))"
CPU_READY=$(cpu_seconds)
if (( ${PREWARM_SECONDS:-0} > 0 )); then
  export BAD_SIGNATURE=1
  full_load "$PREWARM_SECONDS" "$RUN/prewarm"
  unset BAD_SIGNATURE
  echo "pre-warmed: $PREWARM_SECONDS s of wrongly signed orders ($(grep -E '^accepted' "$RUN/prewarm.wrk" | sed -E 's/^accepted\(200\) ([0-9]+).* other ([0-9]+) .*/\1 accepted, \2 refused/'))"
fi

# Full load at once. Meanwhile the JVM's CPU time is read once a second from /proc (jstat, a JVM
# itself, is only asked after the load): the JVM CPU per accepted order, the inbox workers' included
# (they work the backlog at their own pace, so this is not the cost of accepting alone). Each sample
# is taken at its second's end counted from the start, not after a sleep of 1 s: on a loaded machine
# the loop's own steps took up to half a second more each time.
CPU_LOAD_START=$(cpu_seconds)
SAMPLER_T0=$(now_ms)
( for s in $(seq 1 "$DURATION"); do
    d=$(( SAMPLER_T0 + s * 1000 - $(now_ms) ))
    if (( d > 0 )); then sleep "$(printf '%d.%03d' $((d / 1000)) $((d % 1000)))"; fi
    echo "$s $(cpu_seconds)"
  done >"$RUN/cpu.per-second" ) &
CPU_SAMPLER=$!
full_load "$DURATION" "$RUN/load"
# The sampler may have ended on its own (it samples at fixed times): a failed kill is not an error.
kill "$CPU_SAMPLER" 2>/dev/null || true; wait "$CPU_SAMPLER" 2>/dev/null || true
awk '$1 == 10 {print $2}' "$RUN/cpu.per-second" >"$RUN/at10"
LOAD_AFTER=$(loadavg)
grep -E '^(accepted|latency)' "$RUN/load.wrk" | sed 's/^/   /'
SERVER_ACCEPTED=$(server_accepted)
CPU_END=$(cpu_seconds); JIT_END=$(jit_seconds)
read -r CPU_10 <"$RUN/at10" || true
STORED=
if [[ "$DB" == postgres ]]; then
  STORED=$("${PSQL[@]}" -d "$PG_DB" -tA -c "select count(*) from inbox_event where source = 'woocommerce'")
fi

awk -v dur="$DURATION" -v settle="$SETTLE" -v out="$RUN/summary" -v cpu0="$CPU_LOAD_START" '
  FILENAME ~ /cpu/ { cpu[$1] = $2; next }
  { ok[$1] = $2; other[$1] = $3 }
  END {
    cpu[0] = cpu0
    printf "accepted per second since the first request (10 a row; the row'"'"'s mean; JVM CPU ms per accepted order in the row):\n"
    for (r = 1; r <= dur; r += 10) {
      line = sprintf("  %3d-%3d s:", r, r + 9); sum = 0; n = 0
      for (s = r; s <= r + 9 && s <= dur; s++) { line = line sprintf(" %5d", ok[s]); sum += ok[s]; n++ }
      e = (r + 9 <= dur ? r + 9 : dur)
      c = (cpu[e] != "" && cpu[r - 1] != "" && sum > 0) ? sprintf("%.2f", 1000 * (cpu[e] - cpu[r - 1]) / sum) : "-"
      printf "%s | %5.0f | %s\n", line, sum / n, c
    }
    for (s = dur - settle + 1; s <= dur; s++) total += ok[s]
    settled = total / settle
    t90 = "not reached"
    for (s = 3; s <= dur; s++) if ((ok[s] + ok[s - 1] + ok[s - 2]) / 3 >= 0.9 * settled) { t90 = s; break }
    for (s = 1; s <= 10; s++) first10 += ok[s]
    for (s = 1; s <= dur; s++) rejected += other[s]
    printf "settled (mean of seconds %d-%d): %.0f/s; 3-second mean reaches 90 %% of it at second %s; seconds 1-10: %.0f/s (%.0f %%); non-200 answers: %d\n",
      dur - settle + 1, dur, settled, t90, first10 / 10, 100 * first10 / 10 / settled, rejected
    c10 = (cpu[10] != "" && first10 > 0) ? sprintf("%.2f", 1000 * (cpu[10] - cpu[0]) / first10) : "-"
    cset = (cpu[dur] != "" && cpu[dur - settle] != "" && total > 0) ? sprintf("%.2f", 1000 * (cpu[dur] - cpu[dur - settle]) / total) : "-"
    printf "JVM CPU per accepted order: %s ms in seconds 1-10, %s ms settled\n", c10, cset
    printf "%.0f\t%s\t%.0f\t%s\t%s\n", settled, (t90 == "not reached" ? "none" : t90), first10 / 10, c10, cset > out
  }' "$RUN/cpu.per-second" "$RUN/load.per-second"
read -r SETTLED T90 FIRST10 CPU_ORDER_10 CPU_ORDER_SETTLED <"$RUN/summary"
ACCEPTED=$(awk '/^accepted\(200\)/ {print $2}' "$RUN/load.wrk")
echo "JVM CPU: ${CPU_READY} s at ready, ${CPU_10:-?} s 10 s into the load, ${CPU_END} s at the end; JIT compilation over the whole run: ${JIT_END} s"
echo "accepted: wrk counted $ACCEPTED 200s; the server counted $SERVER_ACCEPTED orders accepted${STORED:+; inbox holds $STORED}"
if [[ -n "$STORED" && "$STORED" -lt "$ACCEPTED" ]]; then echo "FAIL: fewer orders stored than acknowledged"; fi
echo "load average: $LOAD_BEFORE before, $LOAD_AFTER after"

mkdir -p "$WORK"
[[ -f "$WORK/results.tsv" ]] || printf 'date (UTC)\tlabel\tdb\tjava\tjava options\tapp\tstart-up s\tseconds to 90 %%\tsettled/s\tmean s1-10\tp99 ms (whole run)\tload before\tload after\tJVM CPU s at ready / 10 s / end\tJIT s (whole run)\tJVM CPU ms per order s1-10 / settled\n' >"$WORK/results.tsv"
P99=$(awk '/^latency ms/ {print $8}' "$RUN/load.wrk")
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$LABEL" "$DB" "$JAVA_FEATURE" \
  "$JAVA_OPTS" "${APP_JAR#"$ROOT"/}" "$STARTUP" "$T90" "$SETTLED" "$FIRST10" "$P99" "$LOAD_BEFORE" "$LOAD_AFTER" \
  "$CPU_READY / ${CPU_10:-?} / $CPU_END" "$JIT_END" "$CPU_ORDER_10 / $CPU_ORDER_SETTLED" >>"$WORK/results.tsv"

stop_server 5
if [[ -z "${KEEP:-}" ]]; then rm -rf "$RUN/data"; fi
