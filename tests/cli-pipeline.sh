#!/usr/bin/env bash
# End-to-end scenario through the built jar: for each KIND, generate → fit → sample → eval, and
# fail unless the generated sample is within 0.03 classifier accuracy of a second true sample;
# then report, and fail unless it wrote its page and scatter figure.
# Usage: tests/cli-pipeline.sh [KIND ...]   (default: gmm aniso ring). Needs target/scorestream.jar.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ss="$root/bin/scorestream"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(gmm aniso ring)
accuracy() { grep -o '"classifierAccuracy" *: *[0-9.]*' | sed 's/.*: *//'; }
status=0
for kind in "${kinds[@]}"; do
  "$ss" generate-data --kind "$kind" --n 20000 --out "$work/train.csv" --seed 1
  "$ss" generate-data --kind "$kind" --n 10000 --out "$work/ref.csv" --seed 2
  "$ss" generate-data --kind "$kind" --n 10000 --out "$work/second.csv" --seed 3
  "$ss" fit --input "$work/train.csv" --model "$work/model.bin" 2>/dev/null
  "$ss" sample --model "$work/model.bin" --n 10000 --out "$work/gen.csv" --seed 4 2>/dev/null
  learned=$("$ss" eval --generated "$work/gen.csv" --reference "$work/ref.csv" --json 2>/dev/null | accuracy)
  floor=$("$ss" eval --generated "$work/second.csv" --reference "$work/ref.csv" --json 2>/dev/null | accuracy)
  verdict=$(awk -v a="$learned" -v f="$floor" 'BEGIN { print (a - f < 0.03) ? "ok" : "FAIL" }')
  printf '%-8s accuracy %.4f  floor %.4f  %s\n' "$kind" "$learned" "$floor" "$verdict"
  [ "$verdict" = ok ] || status=1
  if ! "$ss" report --model "$work/model.bin" --reference "$work/ref.csv" --out "$work/report-$kind" --seed 4 >/dev/null 2>&1 \
      || [ ! -s "$work/report-$kind/index.html" ] || [ ! -s "$work/report-$kind/scatter.png" ]; then
    echo "$kind: report FAILED"
    status=1
  fi
done
exit $status
