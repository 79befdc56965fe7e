#!/usr/bin/env bash
# Prints the package graph of finetune-core's compiled classes (jdeps -verbose:package), then its
# packages bottom-up in levels (each level uses only the levels printed before it), and exits 1 when
# the packages form a cycle, naming the packages left on or above one. Usage:
#   scripts/package-graph.sh [classes folder or jar, default finetune-core/target/classes]
# Without the default folder it compiles finetune-core first (mvn -q -pl finetune-core compile).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
classes="${1:-$root/finetune-core/target/classes}"
prefix="app.polychat.finetune"
if [ ! -e "$classes" ]; then
  if [ $# -gt 0 ]; then
    echo "package-graph: $classes does not exist" >&2
    exit 2
  fi
  (cd "$root" && mvn -B -q -Dstyle.color=never -pl finetune-core compile) >&2
fi
command -v jdeps > /dev/null || { echo "package-graph: jdeps (a JDK tool) is not on the PATH" >&2; exit 2; }

# "   <from package>   -> <to package>   <archive>": keep the edges between the toolkit's packages
edges="$(jdeps -verbose:package -filter:none "$classes" \
  | awk -v p="$prefix" '$2 == "->" && index($1, p) == 1 && index($3, p) == 1 && $1 != $3 { print $1, $3 }' \
  | sort -u)"
packages="$(jdeps -verbose:package -filter:none "$classes" \
  | awk -v p="$prefix" '$2 == "->" && index($1, p) == 1 { print $1 }' | sort -u)"
if [ -z "$packages" ]; then
  echo "package-graph: no $prefix classes in $classes" >&2
  exit 2
fi

prefix_re="${prefix//./\\.}"
short() { sed -e "s/\(^\| \)$prefix_re\$/\1(root)/" -e "s/\(^\| \)$prefix_re\./\1/g"; }
count="$(printf '%s\n' "$packages" | wc -l | tr -d ' ')"
echo "package graph of $prefix ($count packages):"
while read -r package; do
  uses="$(printf '%s\n' "$edges" | awk -v f="$package" '$1 == f { print $2 }' | short | sort | tr '\n' ' ')"
  echo "  $(echo "$package" | short) -> ${uses% }"
done <<< "$packages"

# levels: repeatedly take the packages that use no package not yet taken; what is never taken is
# on an import cycle or uses one
printf '%s\n' "$packages" "--" "$edges" | awk '
  $0 == "--" { inEdges = 1; next }
  !inEdges { if ($1 != "") { node[$1] = 1; left++ } next }
  $0 != "" { deg[$1]++; users[$2, ++cnt[$2]] = $1 }
  END {
    level = 0
    while (left > 0) {
      k = 0
      for (v in node) if (!(v in done) && deg[v] == 0) take[++k] = v
      if (k == 0) break
      for (j = 1; j <= k; j++) { v = take[j]; done[v] = 1; left--; print level, v
        for (i = 1; i <= cnt[v]; i++) deg[users[v, i]]-- }
      level++
    }
    for (v in node) if (!(v in done)) print "cycle", v
  }' | short | sort -k1,1n -k2,2 > "${TMPDIR:-/tmp}/package-graph.$$"
trap 'rm -f "${TMPDIR:-/tmp}/package-graph.$$"' EXIT
echo "levels, bottom up (a package uses only packages on lower levels):"
awk '$1 != "cycle" { line[$1] = line[$1] " " $2; if ($1 > max) max = $1; any = 1 }
  END { if (any) for (l = 0; l <= max; l++) print "  " l ":" line[l] }' "${TMPDIR:-/tmp}/package-graph.$$"
stuck="$(awk '$1 == "cycle" { printf " %s", $2 }' "${TMPDIR:-/tmp}/package-graph.$$")"
if [ -n "$stuck" ]; then
  echo "CYCLE: these packages are on an import cycle or use one:$stuck"
  exit 1
fi
echo "no cycle"
