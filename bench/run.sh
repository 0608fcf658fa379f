#!/usr/bin/env bash
# The performance issue's benchmark suite, on a fresh clone: prints each figure with its target.
#  e2e     generates a week of flows (about 1.4 million lines), then runs, on the same data in one invocation, the awk
#          baseline (distinct SRC/DST/PROTO/DPT tuples, no enrichment, no durability) and `flowpolicy analyze`
#          (embedded broker, exactly-once, policies into git); lines/s of each, the ratio, wall time, heap and RSS;
#          then the floor under it: the same file ingest and broker with a Kafka Streams app that only counts each
#          line, or decodes and parses it (StreamsFloorBenchmark; BENCH_FLOOR=0 skips it); with BENCH_LARGE=N (off by
#          default), also awk and analyze once each over the same week repeated N times, for the rate past start-up;
#          then analyze BENCH_WARM times (5 by default, 0 skips) in one JVM over the same week, each run with a new
#          broker and state (WarmAnalyzeBenchmark): the first run is a fresh JVM's, the later ones are past the JIT
#  parser  JMH, the LOG-line parser on one thread (bench/run-jmh.sh ParserBenchmark)
#  loki    backfill from the Loki test server into Kafka (LokiIngestBenchmark, 500,000 lines, 3 runs)
#  latency follow mode, raw line -> new-destination event, p50/p90/p99 (FollowLatencyBenchmark)
#  heap    the streams app in a child JVM with -Xmx256m over 100,000 distinct rules (ManyRulesHeapBenchmark)
#
# Usage: bench/run.sh            (BENCH_ONLY="e2e parser loki latency heap" BENCH_RATE=5650 BENCH_DAYS=7
#                                 BENCH_AWK_RUNS=3 BENCH_PIPELINE_RUNS=1 BENCH_FLOOR=1 BENCH_LARGE=0 BENCH_WARM=5
#                                 BENCH_DIR=...)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_DIR:-$root/bench/target/e2e}"
rate="${BENCH_RATE:-5650}"
days="${BENCH_DAYS:-7}"
awk_runs="${BENCH_AWK_RUNS:-3}"
pipeline_runs="${BENCH_PIPELINE_RUNS:-1}"
floor="${BENCH_FLOOR:-1}"
large="${BENCH_LARGE:-0}"
warm="${BENCH_WARM:-5}"
only="${BENCH_ONLY:-e2e parser loki latency heap}"
awk_bin="$(command -v mawk || command -v awk)"

wanted() { [[ " $only " == *" $1 "* ]]; }

# The benchmarks that are test-scope mains in module local run on its test class path.
local_main() {
  if [ -z "${classpath_built:-}" ]; then
    (cd "$root" && mvn -B -q -pl local -am -DskipTests test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test >&2)
    classpath_built=1
  fi
  # Their components log to standard output; keep the figures only.
  (cd "$root/local" && java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/cp.txt)" "$@") \
    | grep -vE '^[0-9]{2}:[0-9]{2}:[0-9]{2}[.,][0-9]{3} |^[[:space:]]+at |^[[:space:]]*$|^[A-Za-z.]+(Exception|Error)|^Caused by'
}

printf 'machine: %s cores, %s; load average %s\n' "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(cut -d' ' -f1-3 /proc/loadavg)"

if wanted e2e; then
  rm -rf "$work" && mkdir -p "$work"
  "$root/flowpolicy" generate --days "$days" --rate "$rate" --seed 1 --end 2026-11-20T00:00:00Z --out "$work/data" >&2
  # The baseline reads the bare lines, as a person would after exporting them from Loki; the kernel lines hold no
  # quotes or backslashes, so the JSON string can be cut out as it is.
  sed -e 's/^.*"line":"//' -e 's/"}$//' "$work/data/flows.jsonl" > "$work/lines.txt"
  lines=$(wc -l < "$work/data/flows.jsonl")
  cat "$work/lines.txt" "$work/data/flows.jsonl" > /dev/null   # page the input in before timing

  now() { date +%s.%N; }
  median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

  distinct() {
    "$awk_bin" '{s=d=p=t="";for(i=1;i<=NF;i++){split($i,kv,"=");if(kv[1]=="SRC")s=kv[2];else if(kv[1]=="DST")d=kv[2];else if(kv[1]=="PROTO")p=kv[2];else if(kv[1]=="DPT")t=kv[2]}u[s" "d" "p" "t]=1}END{n=0;for(k in u)n++;print n}' "$1"
  }
  awk_times=()
  for _ in $(seq "$awk_runs"); do
    start=$(now)
    tuples=$(distinct "$work/lines.txt")
    awk_times+=("$(echo "$(now) - $start" | bc -l)")
  done
  awk_s=$(printf '%s\n' "${awk_times[@]}" | median)

  rates=(); walls=(); heap=0; rss=0
  for run in $(seq "$pipeline_runs"); do
    out="$work/out-$run"
    start=$(now)
    "$root/flowpolicy" analyze --flows "$work/data/flows.jsonl" --inventory "$work/data/inventory.jsonl" \
      --out "$out" > "$work/analyze-$run.txt"
    walls+=("$(echo "$(now) - $start" | bc -l)")
    perf=$(tr -d ' \n' < "$out/summary.json" | grep -o '"performance":{[^}]*}')
    rates+=("$(echo "$perf" | grep -o '"linesPerSecond":[0-9.E]*' | cut -d: -f2)")
    heap=$(echo "$perf" | grep -o '"peakHeapBytes":[0-9]*' | cut -d: -f2)
    rss=$(echo "$perf" | grep -o '"peakRssBytes":[0-9]*' | cut -d: -f2)
  done
  pipeline_rate=$(printf '%s\n' "${rates[@]}" | median)
  wall_s=$(printf '%s\n' "${walls[@]}" | median)
  awk_rate=$(echo "$lines / $awk_s" | bc -l)

  echo "== end to end (target: ratio >= 1.0)"
  printf 'lines: %d (%s distinct SRC/DST/PROTO/DPT tuples)\n' "$lines" "$tuples"
  printf 'awk baseline (%s, median of %d): %.2f s = %.0f lines/s\n' "$(basename "$awk_bin")" "$awk_runs" "$awk_s" "$awk_rate"
  printf 'pipeline, first line read to last profile/candidate published (median of %d): %.0f lines/s\n' \
    "$pipeline_runs" "$pipeline_rate"
  printf 'ratio pipeline/awk: %.2f\n' "$(echo "$pipeline_rate / $awk_rate" | bc -l)"
  printf 'analyze wall time incl. JVM and broker start: %.1f s = %.0f lines/s\n' "$wall_s" "$(echo "$lines / $wall_s" | bc -l)"
  printf 'peak heap: %d MiB, peak RSS: %d MiB\n' "$((heap / 1048576))" "$((rss / 1048576))"
  if [ "$floor" = 1 ]; then
    for mode in count parse; do
      floor_rate=$(local_main io.flowpolicy.local.StreamsFloorBenchmark "$work/data/flows.jsonl" "$mode" 2>/dev/null \
        | grep -o '= [0-9,]* lines/s' | tr -d '=, ' | sed 's,lines/s,,')
      printf 'floor, same ingest and broker, a Streams app that only %s each line: %.0f lines/s, ratio %.2f\n' \
        "$([ "$mode" = count ] && echo counts || echo decodes and parses)" "$floor_rate" \
        "$(echo "$floor_rate / $awk_rate" | bc -l)"
    done
  fi
  if [ "$large" -gt 1 ]; then
    for _ in $(seq "$large"); do cat "$work/data/flows.jsonl"; done > "$work/large.jsonl"
    for _ in $(seq "$large"); do cat "$work/lines.txt"; done > "$work/large.txt"
    start=$(now)
    distinct "$work/large.txt" > /dev/null
    large_awk=$(echo "$lines * $large / ($(now) - $start)" | bc -l)
    "$root/flowpolicy" analyze --flows "$work/large.jsonl" --inventory "$work/data/inventory.jsonl" \
      --out "$work/out-large" > "$work/analyze-large.txt"
    large_rate=$(tr -d ' \n' < "$work/out-large/summary.json" | grep -o '"linesPerSecond":[0-9.E]*' | cut -d: -f2)
    printf 'the same week %d times (%d lines), one run each: awk %.0f lines/s, pipeline %.0f lines/s, ratio %.2f\n' \
      "$large" "$((lines * large))" "$large_awk" "$large_rate" "$(echo "$large_rate / $large_awk" | bc -l)"
    rm -f "$work/large.jsonl" "$work/large.txt"
  fi
  if [ "$warm" -gt 0 ]; then
    echo "-- analyze $warm times in one JVM, each with a new broker and state (the first run is a fresh JVM's)"
    # A run whose summary differs from the first run's ends the benchmark (and this script) with its message.
    warm_out=$(local_main io.flowpolicy.local.WarmAnalyzeBenchmark "$work/data/flows.jsonl" \
      "$work/data/inventory.jsonl" "$warm" 2>/dev/null) || { echo "$warm_out"; exit 1; }
    echo "$warm_out" | grep -E '^(run|load)'
    # Runs 3 and later: by then the JIT has compiled the pipeline's hot code (docs/performance.md).
    warm_rates=$(echo "$warm_out" | grep -E '^run ([3-9]|[1-9][0-9])' | grep -o '= [0-9,]* lines/s' | tr -d '=, ' \
      | sed 's,lines/s,,' || true)
    if [ -n "$warm_rates" ]; then
      warm_rate=$(echo "$warm_rates" | median)
      printf 'warm pipeline (median of runs 3 to %d): %.0f lines/s, ratio %.2f\n' "$warm" "$warm_rate" \
        "$(echo "$warm_rate / $awk_rate" | bc -l)"
    fi
  fi
fi

if wanted parser; then
  echo "== parser, JMH, one thread (target: >= 2,000,000 lines/s)"
  "$root/bench/run-jmh.sh" ParserBenchmark -f 1 -wi 3 -i 5 2>&1 | grep -E '^(Benchmark|ParserBenchmark)'
fi
if wanted loki; then
  echo "== Loki backfill into Kafka (target: >= 100,000 lines/s)"
  local_main io.flowpolicy.local.LokiIngestBenchmark 500000 3 2>/dev/null
fi
if wanted latency; then
  echo "== follow mode, raw line -> new-destination event (target: p99 <= 1 s)"
  local_main io.flowpolicy.local.FollowLatencyBenchmark 2>/dev/null
fi
if wanted heap; then
  echo "== streams app with 100,000 distinct rules (target: completes with -Xmx256m)"
  local_main io.flowpolicy.local.ManyRulesHeapBenchmark 2>/dev/null
fi
