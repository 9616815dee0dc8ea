#!/usr/bin/env bash
# The whole comparison behind the "warm" table in bench/README.md, in priority order: on each
# database, plain Java 17, Java 25 with an AOT cache trained under load, Java 17 with a static CDS
# archive (the classes of Spring Boot's documented training run); then C1 only (-XX:TieredStopAtLevel=1), 20 s of pre-warming
# with wrongly signed orders (run.sh's PREWARM_SECONDS) and plain Java 25.
# Each training and run goes on its own fresh copy of the template database; results accumulate in
# target/warm/results.tsv.
#
#   bench/warm/all.sh                          # everything (about 45 minutes on 2 cores)
#   STEPS="pg-plain pg-aot" bench/warm/all.sh  # some of it
#   DEADLINE=14:40 bench/warm/all.sh           # start no step that would end after 14:40 UTC
set -euo pipefail
cd "$(dirname "$0")/../.."
J17=/usr/lib/jvm/java-17-openjdk-amd64
J25=/usr/lib/jvm/temurin-25-jdk-amd64
OPTS="${JAVA_OPTS:--Xmx1g}"
APP="$PWD/target/warm/app/$(basename "$(ls target/passerelle-*.jar 2>/dev/null | head -n 1 || echo passerelle-0.1.0-SNAPSHOT.jar)")"
CACHE="$PWD/target/warm/cache"
STEPS="${STEPS:-pg-plain pg-aot pg-cds h2-plain h2-aot h2-cds pg-c1 pg-prewarm pg-plain25}"

# fits SECONDS STEP: false when the step, expected to take SECONDS, would end after DEADLINE (HH:MM UTC).
fits() {
  [[ -n "${DEADLINE:-}" ]] || return 0
  local end; end=$(date -u -d "$DEADLINE" +%s)
  if (( $(date -u +%s) + $1 > end )); then echo "== skipped (would end after $DEADLINE UTC): $2"; return 1; fi
}

for step in $STEPS; do
  case "$step" in
    pg-*) db=postgres ;;
    h2-*) db=h2 ;;
    *) echo "unknown step $step"; exit 2 ;;
  esac
  extra=0; [[ -f "target/warm/template-$db/ready" ]] || extra=60  # the template database is made first
  case "$step" in
    *-plain)
      fits $((210 + extra)) "$step" || continue
      DB=$db JAVA_HOME=$J17 JAVA_OPTS="$OPTS" LABEL="$db java17 plain jar" bench/warm/run.sh ;;
    *-plain25)
      fits $((210 + extra)) "$step" || continue
      DB=$db JAVA_HOME=$J25 JAVA_OPTS="$OPTS" LABEL="$db java25 plain jar" bench/warm/run.sh ;;
    *-c1)
      fits $((210 + extra)) "$step" || continue
      DB=$db JAVA_HOME=$J17 JAVA_OPTS="$OPTS -XX:TieredStopAtLevel=1" LABEL="$db java17 C1 only" bench/warm/run.sh ;;
    *-prewarm)
      fits $((230 + extra)) "$step" || continue
      DB=$db JAVA_HOME=$J17 JAVA_OPTS="$OPTS" PREWARM_SECONDS=20 LABEL="$db java17 plain jar, 20 s pre-warmed with 401s" bench/warm/run.sh ;;
    *-cds)
      fits $((250 + extra)) "$step" || continue
      # Static AppCDS: Debian's 17.0.15 crashes writing the dynamic archive (train.sh cds-refresh).
      DB=$db JAVA_HOME=$J17 JAVA_OPTS="$OPTS" bench/warm/train.sh cds-static-refresh
      DB=$db JAVA_HOME=$J17 APP_JAR="$APP" LABEL="$db java17 static AppCDS (onRefresh class list)" \
        JAVA_OPTS="$OPTS -XX:SharedArchiveFile=$CACHE/cds-static-refresh-$db-java17.jsa -Xshare:on" bench/warm/run.sh ;;
    *-aot)
      fits $((420 + extra)) "$step" || continue
      DB=$db JAVA_HOME=$J25 JAVA_OPTS="$OPTS" bench/warm/train.sh aot-load
      DB=$db JAVA_HOME=$J25 APP_JAR="$APP" LABEL="$db java25 AOT cache (trained under load)" \
        JAVA_OPTS="$OPTS -XX:AOTCache=$CACHE/aot-load-$db-java25.aot -XX:AOTMode=on" bench/warm/run.sh ;;
    *) echo "unknown step $step"; exit 2 ;;
  esac
done
column -t -s $'\t' target/warm/results.tsv 2>/dev/null || cat target/warm/results.tsv
