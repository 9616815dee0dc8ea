#!/usr/bin/env bash
# The cost of one document PDF: DocumentPdfBenchmark (JMH) renders a paid WooCommerce invoice through
# the server's code (DocumentPdfs.pdf: model, template, openhtmltopdf, PDFBox; no database, no
# finisher) and this prints ms per render, ms per page and bytes allocated per render.
#   bench/pdf/run.sh     env: LINES=4,60 (4: one page; 60: several) FORKS=1
#                        WARMUP=30 WARMUP_BATCH=100 (renders per warm-up iteration) ITERATIONS=30 BATCH=30
#                        (1,500 warm-up renders left the JIT compiling through the measurement here:
#                        ~4 ms of the JVM's CPU per render beyond the rendering thread; 3,000 leave ~1 ms)
#                        CLASSES=dir: measure these main classes (another build's target/classes, e.g. a
#                        copy made by an earlier run in target/bench/pdf/classes) with this benchmark
#                        PROFILE=1: JFR (bench/pdf/sampling.jfc) instead of -prof gc, then
#                        bench/pdf/profile.py: the shares of the render's phases and areas, hot methods
#                        JAVA_OPTS: the forks' JVM options (default -Xmx1g, as the bench servers run)
#                        OUT: results folder (default target/bench/pdf); PARALLEL=1: run beside another
#                        bench/pdf run (two builds side by side, in the same conditions)
# Each iteration is a fixed number of renders on one thread (JMH SingleShotTime with a batch), so the
# warm-up is the same work however loaded the machine is. The figures are the rendering thread's CPU
# time per render and per page (and the whole JVM's, the collector included), its allocation, and the
# wall clock, from the measurement iterations. Results in $OUT (jmh.log, result.json, jfr/).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${OUT:-$ROOT/target/bench/pdf}"
LINES="${LINES:-4,60}"
FORKS="${FORKS:-1}"
WARMUP="${WARMUP:-30}"
WARMUP_BATCH="${WARMUP_BATCH:-100}"
ITERATIONS="${ITERATIONS:-30}"
BATCH="${BATCH:-30}"
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"
cd "$ROOT"
mkdir -p "$OUT"

./mvnw -B -ntp -q test-compile
./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
# The forks run a copy of the classes just built, so a build started meanwhile cannot change what is measured.
rm -rf "$OUT/classes" "$OUT/test-classes"
cp -r "${CLASSES:-$ROOT/target/classes}" "$OUT/classes.tmp" && mv "$OUT/classes.tmp" "$OUT/classes"
cp -r "$ROOT/target/test-classes" "$OUT/test-classes"
CP="$OUT/test-classes:$OUT/classes:$(cat "$OUT/classpath.txt")"
JVM_ARGS="$JAVA_OPTS -Dlogback.configurationFile=$ROOT/bench/pdf/logback.xml"

echo "bench/pdf $(date -u '+%Y-%m-%d %H:%M:%S') UTC, $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' + local changes')${CLASSES:+, main classes from $CLASSES}; load:$(uptime | sed 's/.*load average://')"
if [[ "${PROFILE:-0}" == 1 ]]; then
  rm -rf "$OUT/jfr"
  PROF=(-prof "jfr:dir=$OUT/jfr;configName=$ROOT/bench/pdf/sampling.jfc;stackDepth=512")
else
  PROF=(-prof gc)
fi
java ${PARALLEL:+-Djmh.ignoreLock=true} -cp "$CP" org.openjdk.jmh.Main 'dev.passerelle.invoicing.pdf.DocumentPdfBenchmark' \
  -f "$FORKS" -bm ss -wi "$WARMUP" -wbs "$WARMUP_BATCH" -i "$ITERATIONS" -bs "$BATCH" -p lines="$LINES" \
  -jvmArgs "$JVM_ARGS" "${PROF[@]}" -rf json -rff "$OUT/result.json" | tee "$OUT/jmh.log"
echo "after the run, load:$(uptime | sed 's/.*load average://')"

python3 - "$OUT/jmh.log" <<'EOF'
import collections, re, sys
pages, runs = {}, collections.defaultdict(lambda: [0] * 5)
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"PAGES lines=(\d+) pages=(\d+) bytes=(\d+)", line)
    if m:
        pages[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    m = re.search(r"CPU lines=(\d+) renders=(\d+) thread_ns=(\d+) process_ns=(\d+) wall_ns=(\d+) alloc=(\d+)", line)
    if m:
        r = runs[m.group(1)]
        for i in range(5):
            r[i] += int(m.group(i + 2))
print("\nPer render, over the measurement iterations: the rendering thread's CPU time, the whole JVM's (the")
print("collector's threads included), the wall clock (which other work on the machine inflates), allocation.\n")
print("| invoice | pages | PDF bytes | renders | **CPU ms per page** (thread) | CPU ms per render: thread / JVM | wall ms per render | MB allocated per render |")
print("|---|---|---|---|---|---|---|---|")
for lines, (done, thread_ns, process_ns, wall_ns, alloc) in sorted(runs.items(), key=lambda kv: int(kv[0])):
    n, size = pages.get(lines, (1, 0))
    print("| %s lines | %d | %s | %d | **%.2f** | %.2f / %.2f | %.2f | %.2f |" % (
        lines, n, "{:,}".format(size), done, thread_ns / done / 1e6 / n, thread_ns / done / 1e6,
        process_ns / done / 1e6, wall_ns / done / 1e6, alloc / done / 1e6))
EOF

if [[ "${PROFILE:-0}" == 1 ]]; then
  JFR_TOOL="$(dirname "$(readlink -f "$(command -v java)")")/jfr"
  for rec in "$OUT"/jfr/*/profile.jfr; do
    echo; echo "== $(basename "$(dirname "$rec")")"
    "$JFR_TOOL" print --json --stack-depth 512 --events jdk.ExecutionSample,jdk.NativeMethodSample "$rec" >"${rec%.jfr}.json"
    python3 "$ROOT/bench/pdf/profile.py" "${rec%.jfr}.json" | tee "${rec%.jfr}.txt"
  done
fi
