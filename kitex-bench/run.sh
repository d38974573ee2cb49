#!/usr/bin/env bash
# Builds kitex-bench and runs it. Usage (from anywhere):
#   kitex-bench/run.sh quick      # smoke run of every row, about 2 minutes; results in kitex-bench/target/results-quick
#   kitex-bench/run.sh full       # the sweeps, about 27 minutes; results in kitex-bench/results (committed)
#   kitex-bench/run.sh jmh        # the JMH microbenchmarks with -prof gc, about 10 minutes
#   kitex-bench/run.sh jmh-quick  # the same, short iterations, about 2 minutes
# Further arguments go to the runner (--only, --point, --warm-up, --measure, --java, --jvm-option) or to JMH.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-quick}
shift || true

case "$mode" in
  quick|full|jmh|jmh-quick) ;;
  *) echo "usage: $0 quick|full|jmh|jmh-quick [arguments...]" >&2; exit 2 ;;
esac

# The gRPC server-capacity rows need h2load (Debian package nghttp2-client); without it they are skipped.
if [[ "$mode" == quick || "$mode" == full ]] && ! command -v h2load >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y nghttp2-client || { apt-get update && apt-get install -y nghttp2-client; } || true
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get install -y nghttp2-client || { sudo apt-get update && sudo apt-get install -y nghttp2-client; } || true
  fi
  command -v h2load >/dev/null 2>&1 || echo "h2load is not installed (no root or sudo): the gRPC server-capacity rows are skipped." >&2
fi

./mvnw -q -B -pl kitex-bench -am package -DskipTests

case "$mode" in
  quick) exec java -jar kitex-bench/target/kitex-bench.jar quick --out kitex-bench/target/results-quick "$@" ;;
  # 8 s of warm-up: each measurement is a fresh pair of JVMs pinned to one core each, where the JIT
  # compiler shares the core with the code it compiles; 3 s left most rows still being compiled.
  full) exec java -jar kitex-bench/target/kitex-bench.jar full --warm-up 8 --measure 3 --out kitex-bench/results "$@" ;;
  jmh) exec java -jar kitex-bench/target/kitex-bench-jmh.jar -prof gc "$@" ;;
  jmh-quick) exec java -jar kitex-bench/target/kitex-bench-jmh.jar -prof gc -f 1 -wi 1 -i 2 -w 1s -r 1s "$@" ;;
esac
