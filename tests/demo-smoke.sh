#!/usr/bin/env bash
# Scenario: the embedded default end to end. Runs `scorestream demo` (in-process KRaft broker, a
# stream whose mixture shifts half-way, 1% malformed records) and fails unless the generator
# follows the shift to within 0.03 of the two-sample floor before the time limit, and the demo
# drains and exits cleanly. Needs target/scorestream.jar. Usage: tests/demo-smoke.sh [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$root/bin/scorestream" demo --seconds "${1:-90}" 2>&1 | tee "$log" | grep '^scorestream demo:'
grep -q 'target reached after the shift' "$log" || { echo "FAIL: the generator did not follow the shift" >&2; exit 1; }
grep -q 'final: model v' "$log" || { echo "FAIL: no final snapshot" >&2; exit 1; }
echo "ok"
