#!/usr/bin/env bash
# Reliability scenario `broker-loss` (see RELIABILITY.md): stops the in-process Kafka broker mid-stream and starts it again while the producer keeps sending; nothing may be lost or counted twice.
# Loopback only, bounded by `timeout` (900 s). Needs target/scorestream.jar (mvn -B -q package -DskipTests).
# Usage: tests/broker-loss.sh [scenario options; none: the documented long run]. Exit 0 only if every invariant held.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -eq 0 ]; then set -- --outage 60 --seconds 120 --rate 2000; fi
exec timeout 900 "$root/bin/scorestream" scenario broker-loss "$@"
