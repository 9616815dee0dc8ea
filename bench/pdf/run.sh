#!/usr/bin/env bash
# The cost of one document PDF: DocumentPdfBenchmark (JMH) renders a paid WooCommerce invoice through
# the server's code (DocumentPdfs.pdf: model, template, openhtmltopdf, PDFBox; no database, no
# finisher) and this prints ms per render, ms per page and bytes allocated per render.
#   bench/pdf/run.sh     env: LINES=4,60 (4: one page; 60: several) FORKS=2 WARMUP=10 ITERATIONS=5 TIME=3s
#                        PROFILE=1: one fork with JFR (bench/pdf/sampling.jfc) instead of -prof gc, then
#                        bench/pdf/profile.py: the shares of the render's phases and areas, hot methods
#                        JAVA_OPTS: the forks' JVM options (default -Xmx1g, as the bench servers run)
# Average time of one render on one thread (JMH AverageTime), after WARMUP iterations of TIME each in
# every fork. Results in target/bench/pdf/ (jmh.log, result.json, jfr/).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${OUT:-$ROOT/target/bench/pdf}"
LINES="${LINES:-4,60}"
FORKS="${FORKS:-2}"
WARMUP="${WARMUP:-10}"
ITERATIONS="${ITERATIONS:-5}"
TIME="${TIME:-3s}"
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"
cd "$ROOT"
mkdir -p "$OUT"

./mvnw -B -ntp -q test-compile
./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
# The forks run a copy of the classes just built, so a build started meanwhile cannot change what is measured.
rm -rf "$OUT/classes" "$OUT/test-classes"
cp -r "$ROOT/target/classes" "$OUT/classes"
cp -r "$ROOT/target/test-classes" "$OUT/test-classes"
CP="$OUT/test-classes:$OUT/classes:$(cat "$OUT/classpath.txt")"
JVM_ARGS="$JAVA_OPTS -Dlogback.configurationFile=$ROOT/bench/pdf/logback.xml"

echo "bench/pdf $(date -u '+%Y-%m-%d %H:%M:%S') UTC, $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' + local changes'); load:$(uptime | sed 's/.*load average://')"
if [[ "${PROFILE:-0}" == 1 ]]; then
  rm -rf "$OUT/jfr"
  PROF=(-prof "jfr:dir=$OUT/jfr;configName=$ROOT/bench/pdf/sampling.jfc;stackDepth=512")
  FORKS=1
else
  PROF=(-prof gc)
fi
java -cp "$CP" org.openjdk.jmh.Main 'dev.passerelle.invoicing.pdf.DocumentPdfBenchmark' \
  -f "$FORKS" -wi "$WARMUP" -i "$ITERATIONS" -w "$TIME" -r "$TIME" -p lines="$LINES" \
  -jvmArgs "$JVM_ARGS" "${PROF[@]}" -rf json -rff "$OUT/result.json" | tee "$OUT/jmh.log"
echo "after the run, load:$(uptime | sed 's/.*load average://')"

python3 - "$OUT/result.json" "$OUT/jmh.log" <<'EOF'
import collections, json, re, sys
results = json.load(open(sys.argv[1]))
pages, cpu = {}, collections.defaultdict(lambda: [0, 0, 0])
for line in open(sys.argv[2], encoding="utf-8"):
    m = re.search(r"PAGES lines=(\d+) pages=(\d+) bytes=(\d+)", line)
    if m:
        pages[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    m = re.search(r"CPU lines=(\d+) renders=(\d+) thread_ns=(\d+) process_ns=(\d+)", line)
    if m:
        c = cpu[m.group(1)]
        c[0] += int(m.group(2)); c[1] += int(m.group(3)); c[2] += int(m.group(4))
print("\nCPU: the rendering thread's, and the whole JVM's (collector included), per render over the measurement iterations.")
print("Wall clock: JMH's average time, which other work on the machine inflates.\n")
print("| invoice | pages | PDF bytes | **CPU ms per page** (thread) | CPU ms per render: thread / JVM | wall ms per render (± 99.9 %) | allocated per render |")
print("|---|---|---|---|---|---|---|")
for r in results:
    lines = r["params"]["lines"]
    n, size = pages.get(lines, (None, None))
    p = r["primaryMetric"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    done, thread_ns, process_ns = cpu.get(lines, (0, 0, 0))
    thread_ms = thread_ns / done / 1e6 if done else None
    process_ms = process_ns / done / 1e6 if done else None
    print("| %s lines | %s | %s | **%s** | %s / %s (%d renders) | %.2f ± %.2f | %s |" % (
        lines, n or "?", "{:,}".format(size) if size else "?",
        "%.2f" % (thread_ms / n) if n and thread_ms else "?",
        "%.2f" % thread_ms if thread_ms else "?", "%.2f" % process_ms if process_ms else "?", done,
        p["score"], float(p["scoreError"]), "%.2f MB" % (alloc["score"] / 1e6) if alloc else "(not measured)"))
EOF

if [[ "${PROFILE:-0}" == 1 ]]; then
  JFR_TOOL="$(dirname "$(readlink -f "$(command -v java)")")/jfr"
  for rec in "$OUT"/jfr/*/profile.jfr; do
    echo; echo "== $(basename "$(dirname "$rec")")"
    "$JFR_TOOL" print --json --stack-depth 512 --events jdk.ExecutionSample,jdk.NativeMethodSample "$rec" >"${rec%.jfr}.json"
    python3 "$ROOT/bench/pdf/profile.py" "${rec%.jfr}.json" | tee "${rec%.jfr}.txt"
  done
fi
