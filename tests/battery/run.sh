#!/usr/bin/env bash
# Fit, sample and evaluate the data sets tests/battery/make.py writes, beside the floor (held-out
# real rows against the reference) and one Gaussian with the training rows' mean and covariance.
# Prints one line per set: C2ST accuracy and the share of values off their column's grid or range.
# usage: tests/battery/run.sh DIR [NAME ...]   (DIR: make.py's output; needs target/scorestream.jar, numpy)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ss="$root/bin/scorestream"
dir="$1"; shift
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(mixed lognormal student2 constcol scales d30small tiny uniform5 dupes categ collinear dupcol)
c2st() {
  "$ss" eval --generated "$1" --reference "$2" --json 2>/dev/null \
    | python3 -c 'import json,sys; j=json.load(sys.stdin); print("%.3f off=%.3f" % (j["classifierAccuracy"], j.get("offTypeShare", 0)))' 2>/dev/null \
    || echo "n/a"
}
for n in "${names[@]}"; do
  nref=$(wc -l < "$dir/$n-ref.csv")
  start=$(date +%s.%N)
  if ! "$ss" fit --input "$dir/$n-train.csv" --model "$dir/$n.bin" --seed 1 --verbose > "$dir/$n.fit.log" 2>&1; then
    echo "$n: fit failed: $(grep -v '^\s*at ' "$dir/$n.fit.log" | tail -1)"; continue
  fi
  seconds=$(python3 -c "import time; print('%.1f' % (time.time() - $start))")
  "$ss" sample --model "$dir/$n.bin" --n "$nref" --seed 4 --out "$dir/$n-generated.csv" 2>/dev/null
  python3 - "$dir/$n-train.csv" "$nref" "$dir/$n-gaussian.csv" <<'PY'
import numpy as np, sys
x = np.loadtxt(sys.argv[1], delimiter=',', ndmin=2)
cov = np.cov(x.T).reshape(x.shape[1], x.shape[1]) + 1e-12 * np.eye(x.shape[1])
np.savetxt(sys.argv[3], np.random.default_rng(5).multivariate_normal(x.mean(0), cov, int(sys.argv[2])), delimiter=',', fmt='%.10g')
PY
  echo "$n: floor $(c2st "$dir/$n-hold.csv" "$dir/$n-ref.csv"), ScoreStream $(c2st "$dir/$n-generated.csv" "$dir/$n-ref.csv"), one Gaussian $(c2st "$dir/$n-gaussian.csv" "$dir/$n-ref.csv"), fit ${seconds} s"
done
