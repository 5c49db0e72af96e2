#!/usr/bin/env bash
# Prints, as a Markdown table, which io.scorestream packages each package of src/main/java uses
# (imports and fully qualified names in code; comments and string literals are ignored) and
# which third-party libraries it imports, then every pair of packages that use each other.
# docs/architecture.md holds its output; rerun it after moving code:  docs/package-graph.sh
set -euo pipefail
shopt -s nullglob
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Main sources only: src/main/java, or src/MODULE/src/main/java once the build has modules.
mapfile -t package_dirs < <(find src -type d -path '*/main/java/io/scorestream/*' -not -path '*/target/*' | sort)

# One line per Java file: its code with comments and string literals removed.
code() {
  sed -E -e 's:"([^"\\]|\\.)*"::g' -e 's://.*$::' "$@" \
    | awk '{ line = $0; out = "";
             while (line != "") {
               if (inComment) { i = index(line, "*/"); if (!i) { line = ""; break } line = substr(line, i + 2); inComment = 0 }
               else { i = index(line, "/*"); if (!i) { out = out line; line = "" } else { out = out substr(line, 1, i - 1); line = substr(line, i + 2); inComment = 1 } }
             }
             print out }'
}

# Third-party libraries by import prefix (first match wins).
library() {
  case "$1" in
    akka.http.*) echo "Akka HTTP" ;;
    akka.management.*) echo "Akka Management" ;;
    akka.kafka.*) echo "Alpakka Kafka" ;;
    akka.*) echo "Akka" ;;
    org.apache.kafka.*|kafka.*) echo "Kafka" ;;
    org.ejml.*) echo "EJML" ;;
    com.fasterxml.jackson.*) echo "Jackson" ;;
    com.typesafe.config.*) echo "Typesafe Config" ;;
    picocli.*) echo "picocli" ;;
    io.prometheus.*) echo "Prometheus client" ;;
    org.knowm.xchart.*) echo "XChart" ;;
    org.apache.commons.math3.*) echo "Commons Math" ;;
    org.slf4j.*) echo "SLF4J" ;;
    *) ;;
  esac
}

declare -A uses
echo "| package | uses (io.scorestream.…) | third-party imports |"
echo "|---|---|---|"
for dir in "${package_dirs[@]}"; do
  pkg=$(basename "$dir")
  files=("$dir"/*.java)
  [ "${#files[@]}" -gt 0 ] || continue
  deps=$(code "${files[@]}" | grep -oE 'io\.scorestream\.[a-z]+\.[A-Za-z]' | sed -E 's/io\.scorestream\.([a-z]+)\..*/\1/' \
         | grep -vx "$pkg" | sort -u | tr '\n' ' ' | sed 's/ $//' || true)
  libs=$(code "${files[@]}" | grep -oE '\b[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.[A-Z]' \
         | while read -r name; do library "$name"; done | sort -u | paste -sd, - | sed 's/,/, /g' || true)
  uses[$pkg]=" $deps "
  echo "| \`$pkg\` | ${deps:-—} | ${libs:-—} |"
done

echo
echo "Packages that use each other:"
pairs=$(for a in "${!uses[@]}"; do
  for b in ${uses[$a]}; do
    if [[ "$a" < "$b" && "${uses[$b]:-}" == *" $a "* ]]; then echo "- \`$a\` ↔ \`$b\`"; fi
  done
done | sort)
echo "${pairs:-- none}"
