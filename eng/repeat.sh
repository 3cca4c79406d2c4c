#!/usr/bin/env bash
# Runs the suite N times in a row and prints how often each test failed (a flakiness table).
#   eng/repeat.sh N [arguments for eng/test.sh ...]
#   e.g. eng/repeat.sh 3 --filter "FullyQualifiedName~Socket"
# Results go to TestResults-repeat/ (run-K.log, run-K/*.trx, flakiness.md): outside TestResults/,
# which eng/test.sh removes at its start.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/eng/lib.sh"

usage="usage: eng/repeat.sh N [arguments for eng/test.sh ...]  (N: 1-100; results in TestResults-repeat/)"
case "${1:-}" in
  -h|--help) echo "$usage"; exit 0 ;;
esac
n=${1:-}
# At most three digits first, so no huge number reaches bash arithmetic.
if ! [[ $n =~ ^[1-9][0-9]{0,2}$ ]] || [ "$n" -gt 100 ]; then
  echo "repeat.sh: N must be an integer from 1 to 100, got '${n:-nothing}'; $usage" >&2
  exit 2
fi
shift
command -v python3 >/dev/null || { echo "repeat.sh: python3 is needed to read the TRX files" >&2; exit 2; }

results="$root/TestResults"
out="$root/TestResults-repeat"
rm -rf "$out"
mkdir -p "$out"
echo '*' > "$out/.gitignore"   # generated output: keep it out of git status

# The TRX reader: "count DIR" for one run, "report DIR N" for the table.
trx() { python3 "$root/eng/trx.py" "$@"; }

: > "$out/runs.tsv"
failed_runs=0
for k in $(seq 1 "$n"); do
  step "run $k/$n: eng/test.sh $*"
  # eng/test.sh removes TestResults/ only after provisioning; a run stopped before that
  # must not pick up the previous run's TRX files.
  rm -rf "$results"
  start=$SECONDS
  status=0
  "$root/eng/test.sh" "$@" 2>&1 | tee "$out/run-$k.log" || status=$?   # pipefail: test.sh's code
  secs=$((SECONDS - start))
  mkdir -p "$out/run-$k"
  if [ -d "$results" ]; then
    # --parents keeps subfolders, so per-tier files with the same name do not collide.
    (cd "$results" && find . -name '*.trx' -exec cp --parents {} "$out/run-$k/" \;)
  fi
  printf '%s\t%s\t%s\n' "$k" "$status" "$secs" >> "$out/runs.tsv"
  [ "$status" -eq 0 ] || failed_runs=$((failed_runs + 1))
  read -r passed failed skipped files < <(trx count "$out/run-$k")
  note=""; [ "$files" -gt 0 ] || note=" (no TRX files)"
  echo "run $k/$n: exit $status, $passed passed, $failed failed, $skipped skipped, $secs s$note"
done

trx report "$out" "$n"
echo "(table in TestResults-repeat/flakiness.md, logs and TRX files per run beside it)"
[ "$failed_runs" -eq 0 ] || exit 1
