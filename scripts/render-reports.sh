#!/usr/bin/env bash
# Builds the sample reports and screenshots them in headless Chromium (Debian's chromium package):
#   1. a pipeline run on the embedded defaults (shipped Strudel samples, local store, dry run),
#   2. finetune report dataset on its dataset,
#   3. a realistic finished Bedrock job recorded on that dataset (a fixture: no real job runs
#      offline) with its loss CSVs and comparison results, then finetune report job on it,
#   4. screenshots of each page at 800 and 1280 px wide: docs/report-{dataset,job}-{800,1280}.png.
# Usage: scripts/render-reports.sh [output folder, default docs/]   (CHROMIUM=... to use another)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$root/docs}" && cd "${1:-$root/docs}" && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "render-reports: $chromium not found: install it (apt-get install -y chromium) or set CHROMIUM" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
finetune="$root/finetune"

cd "$work"
"$finetune" pipeline run --count 60 > pipeline.log
dataset_page="$("$finetune" report dataset datasets/strudel --output reports/dataset-report.html)"

# the fixture is a test class of the finetune-cli module (it reuses core's test fixtures)
(cd "$root" && mvn -B -q -Dstyle.color=never -Dspotless.check.skip=true -pl finetune-cli -am test-compile) >&2
cp="$root/finetune-cli/target/test-classes:$root/finetune-core/target/test-classes:$root/finetune-cli/target/classes:$(cat "$root/finetune-cli/target/classpath.txt")"
job_arn="$(java -cp "$cp" app.polychat.finetune.cli.ReportFixture datasets/.finetune.db fixture)"
job_page="$("$finetune" report job "$job_arn" --metrics-dir fixture/output --compare fixture/compare.json \
  --output reports/job-report.html)"

shoot() { # page, png, width, height
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$work/profile.XXXX")" --hide-scrollbars \
    --screenshot="$2" --window-size="$3,$4" "file://$work/$1" > /dev/null 2>&1
  echo "$2"
}
shoot "$dataset_page" "$out/report-dataset-800.png" 800 2200
shoot "$dataset_page" "$out/report-dataset-1280.png" 1280 1800
shoot "$job_page" "$out/report-job-800.png" 800 2200
shoot "$job_page" "$out/report-job-1280.png" 1280 1800
if [ -n "${KEEP_PAGES:-}" ]; then
  mkdir -p "$KEEP_PAGES" && cp "$work/$dataset_page" "$work/$job_page" "$KEEP_PAGES/"
fi
