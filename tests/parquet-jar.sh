#!/usr/bin/env bash
# The built jar on Parquet files other programs wrote (src/cli/src/test/resources/parquet-testing):
# the tests run on Maven's class path, with all of hadoop-client-api; the jar leaves Hadoop's HDFS
# and YARN classes out (src/cli/pom.xml), so only a run of the jar shows that reading needs none
# of them. Fails on an exit code other than the one expected, or on a Java error on stderr.
# Usage: tests/parquet-jar.sh. Needs target/scorestream.jar.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/src/cli/src/test/resources/parquet-testing"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
check() {   # FILE EXPECTED-EXIT
  local code=0
  "$root/bin/scorestream" fit --input "$data/$1" --model "$work/m.bin" --levels 5 --drop-incomplete >/dev/null 2>"$work/err" || code=$?
  if [ "$code" != "$2" ] || grep -q 'Exception\|Error:' "$work/err"; then
    echo "FAIL $1: exit $code (expected $2)"; cat "$work/err"; status=1
  else
    echo "ok   $1: exit $code"
  fi
}
for f in byte_stream_split.zstd.parquet byte_stream_split_extended.gzip.parquet lz4_raw_compressed.parquet \
         delta_encoding_required_column.parquet int32_decimal.parquet; do check "$f" 0; done
for f in hadoop_lz4_compressed.parquet rle-dict-uncompressed-corrupt-checksum.parquet nation.dict-malformed.parquet; do check "$f" 2; done
# Writing too: generated rows of a Parquet-read model (parquet-avro) and of a CSV model (columns of
# their own types) as .parquet, each read back by fit, through the jar alone.
write_check() {   # INPUT NAME
  local code=0
  { "$root/bin/scorestream" fit --input "$1" --model "$work/w.bin" --levels 5 \
      && "$root/bin/scorestream" sample --model "$work/w.bin" --n 200 --out "$work/$2.parquet" \
      && "$root/bin/scorestream" fit --input "$work/$2.parquet" --model "$work/back.bin" --levels 5; } >/dev/null 2>"$work/err" || code=$?
  if [ "$code" != 0 ] || grep -q 'Exception\|Error:' "$work/err"; then
    echo "FAIL writing $2.parquet: exit $code"; cat "$work/err"; status=1
  else
    echo "ok   writing $2.parquet"
  fi
}
write_check "$data/byte_stream_split_extended.gzip.parquet" from-parquet
awk 'BEGIN { print "count,size,label"; for (i = 0; i < 300; i++) printf "%d,%.2f,%s\n", i % 7, (i * 37 % 101) / 10, (i % 3 ? "a" : "b") }' > "$work/t.csv"
write_check "$work/t.csv" from-csv
exit $status
