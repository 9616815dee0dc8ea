#!/usr/bin/env bash
# Makes what bench/warm/run.sh can start with, from the packaged jar in Spring Boot's extracted form
# (`java -Djarmode=tools -jar passerelle.jar extract`: the form CDS and the AOT cache need), and prints
# the run.sh command that uses it.
#
#   bench/warm/train.sh cds-refresh     # CDS archive, Spring Boot's documented training run (Java 17+):
#                                       #   -XX:ArchiveClassesAtExit + -Dspring.context.exit=onRefresh
#                                       #   (Debian's 17.0.15 crashes writing it: use cds-static-refresh)
#   bench/warm/train.sh cds-load        # CDS archive from a run under load (classes of the request path too)
#   bench/warm/train.sh cds-static-refresh   # static AppCDS: class list from Spring Boot's training run,
#                                       #   then -Xshare:dump (what works on Debian's 17.0.15, see below)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/warm/train.sh aot-load
#                                       # AOT cache (Java 25) from a run under TRAIN_SECONDS of full load:
#                                       #   -XX:AOTCacheOutput, so the cache keeps method profiles (JEP 515)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/warm/train.sh aot-refresh
#                                       # AOT cache, Spring Boot's documented run (exits on refresh)
#
# env: DB (postgres | h2: the database of the training run), JAVA_OPTS (-Xmx1g; use the same options
#      when running with the result), TRAIN_SECONDS (60). A training run works on its own fresh copy of
#      the template database. The archive or cache is valid for this jar, this extracted directory and
#      this JDK only: rebuilding the jar re-extracts it and the caches must be made again.
source "$(dirname "$0")/common.sh"
MODE="${1:?usage: train.sh cds-refresh|cds-load|cds-static-refresh|cds-static-load|aot-load|aot-refresh}"
TRAIN_SECONDS="${TRAIN_SECONDS:-60}"
ORDER_SECONDS="${ORDER_SECONDS:-150}"

ensure_jar
prepare_template

# The extracted application, once per jar (re-extracting changes the jars' times, which invalidates
# every archive and cache made from them).
APP_DIR="$WORK/app"
stamp="$(stat -c '%Y-%s' "$JAR")"
if [[ ! -f "$WORK/app.stamp" || "$(cat "$WORK/app.stamp")" != "$stamp" ]]; then
  echo "== extracting $(basename "$JAR") into $APP_DIR"
  rm -rf "$APP_DIR" "$WORK/cache"
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$APP_DIR"
  echo "$stamp" >"$WORK/app.stamp"
fi
APP_JAR="$APP_DIR/$(basename "$JAR")"
[[ -f "$APP_JAR" ]] || { echo "no $APP_JAR after extracting"; ls "$APP_DIR"; exit 1; }
mkdir -p "$WORK/cache"

case "$MODE" in
  cds-static-*)
         # Static AppCDS: the classes loaded by the training run listed (-XX:DumpLoadedClassList), then
         # dumped in a JVM of their own (-Xshare:dump). Debian's Java 17.0.15 crashed writing the dynamic
         # archive of cds-refresh (SIGSEGV in SystemDictionaryShared::adjust_lambda_proxy_class_dictionary).
         OUT="$WORK/cache/$MODE-$DB-java$JAVA_FEATURE.jsa"; MAKE=(-XX:DumpLoadedClassList="$OUT.classlist")
         USE="-XX:SharedArchiveFile=$OUT -Xshare:on" ;;
  cds-*) [[ "$JAVA_FEATURE" -ge 17 ]] || { echo "CDS needs Java 17+"; exit 2; }
         OUT="$WORK/cache/$MODE-$DB-java$JAVA_FEATURE.jsa"; MAKE=(-XX:ArchiveClassesAtExit="$OUT")
         USE="-XX:SharedArchiveFile=$OUT -Xshare:on" ;;
  aot-*) [[ "$JAVA_FEATURE" -ge 25 ]] || { echo "the AOT cache with -XX:AOTCacheOutput needs Java 25+ (JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64)"; exit 2; }
         OUT="$WORK/cache/$MODE-$DB-java$JAVA_FEATURE.aot"; MAKE=(-XX:AOTCacheOutput="$OUT")
         USE="-XX:AOTCache=$OUT -XX:AOTMode=on" ;;
  *) echo "unknown mode $MODE"; exit 2 ;;
esac
rm -f "$OUT"
RUN="$WORK/train/$MODE-$DB-java$JAVA_FEATURE"
fresh_copy "$RUN"
trap 'stop_server 5' EXIT
echo "== $(date -u +%FT%TZ) training run $MODE on $DB, Java $JAVA_FEATURE (load $(loadavg))"
T0=$(now_ms)
case "$MODE" in
  *-refresh)
    echo "   $JAVA $JAVA_OPTS ${MAKE[*]} -Dspring.context.exit=onRefresh -jar $APP_JAR"
    start_server "$APP_JAR" "$RUN/server.log" "${MAKE[@]}" -Dspring.context.exit=onRefresh
    for _ in $(seq 1 3000); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then echo "FAIL: still running after 300 s"; stop_server 5; exit 1; fi
    wait "$SERVER_PID" || true
    SERVER_PID= ;;
  *-load)
    echo "   $JAVA $JAVA_OPTS ${MAKE[*]} -jar $APP_JAR, then $TRAIN_SECONDS s of full load, then SIGTERM"
    start_server "$APP_JAR" "$RUN/server.log" "${MAKE[@]}"
    wait_ready
    full_load "$TRAIN_SECONDS" "$RUN/load"
    grep -E '^(accepted|latency)' "$RUN/load.wrk" | sed 's/^/   /'
    T1=$(now_ms)
    # The archive or cache is written as the JVM exits (Java 25 then assembles the cache in a child JVM).
    stop_server "${EXIT_SECONDS:-600}"
    echo "   exit and writing took $(( ($(now_ms) - T1) / 1000 )) s" ;;
esac
rm -rf "$RUN/data"
if [[ "$MODE" == cds-static-* ]]; then
  # Debian's 17.0.15 also crashed dumping the lambda proxies of the list (the same SIGSEGV): they are
  # left out unless KEEP_LAMBDAS=1 (their classes are made at run time, as without CDS).
  list="$OUT.classlist"
  if [[ -z "${KEEP_LAMBDAS:-}" ]]; then grep -v '^@lambda-proxy' "$OUT.classlist" >"$OUT.nolambda.classlist"; list="$OUT.nolambda.classlist"; fi
  echo "   $JAVA $JAVA_OPTS -Xshare:dump -XX:SharedClassListFile=$list -XX:SharedArchiveFile=$OUT -cp $APP_JAR"
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$OUT" -cp "$APP_JAR" >>"$RUN/server.log" 2>&1 \
    || echo "   the dump failed (exit $?)"
fi
grep -iE 'aot|archive|\bcds\b' "$RUN/server.log" | grep -v ' INFO ' | tail -n 8 | sed 's/^/   | /' || true
[[ -s "$OUT" ]] || { echo "FAIL: no $OUT; see $RUN/server.log"; tail -n 30 "$RUN/server.log"; exit 1; }
echo "made $OUT ($(du -h "$OUT" | cut -f1)) in $(( ($(now_ms) - T0) / 1000 )) s"
echo "measure with:"
echo "  DB=$DB JAVA_HOME=$JAVA_HOME APP_JAR=${APP_JAR#"$ROOT"/} JAVA_OPTS=\"$JAVA_OPTS $USE\" LABEL=\"$DB java$JAVA_FEATURE $MODE\" bench/warm/run.sh"
