#!/usr/bin/env bash
# Runs the JMH micro-benchmarks (parser, parse + attribution) and prints lines/s per benchmark.
# Usage: bench/run-jmh.sh [JMH options, e.g. ParserBenchmark -f 1 -wi 2 -i 3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -DskipTests package -pl bench -am >&2)
exec java -cp "$root/bench/target/classes:$root/bench/target/lib/*" org.openjdk.jmh.Main "$@"
