#!/usr/bin/env bash
# Reliability scenario `crash-loop` (see RELIABILITY.md): SIGKILLs `scorestream run` at random moments while a ledger counts every record, restarting it each time; absorbed and dead-lettered must equal the ledger exactly, with no record twice in any level's statistics.
# Loopback only, bounded by `timeout` (900 s). Needs target/scorestream.jar (mvn -B -q package -DskipTests).
# Usage: tests/crash-loop.sh [scenario options; none: the documented long run]. Exit 0 only if every invariant held.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -eq 0 ]; then set -- --kills 10 --seconds 120 --rate 2000; fi
exec timeout 900 "$root/bin/scorestream" scenario crash-loop "$@"
