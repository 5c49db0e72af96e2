#!/usr/bin/env bash
# Reliability scenario `soak` (see RELIABILITY.md): a sustained stream at the highest rate this machine holds; heap after GC, lag and progress sampled over time; no stall, no growth, exact counts.
# Loopback only, bounded by `timeout` (1200 s). Needs target/scorestream.jar (mvn -B -q package -DskipTests).
# Usage: tests/soak.sh [scenario options; none: the documented long run]. Exit 0 only if every invariant held.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -eq 0 ]; then set -- --rate 15000 --seconds 300; fi
exec timeout 1200 "$root/bin/scorestream" scenario soak "$@"
