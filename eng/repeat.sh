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

# Reads the TRX files of the runs (XML, entities decoded by the parser).
#   trx count DIR       -> "passed failed skipped files" of one run
#   trx report DIR N    -> the table on stdout and in DIR/flakiness.md (needs DIR/runs.tsv)
trx() {
  python3 - "$@" <<'PY'
import glob, os, statistics, sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
FAILED = {"Failed", "Error", "Timeout", "Aborted"}

def results(run_dir):
    """(testName, outcome) of every top-level result in a run's TRX files, and how many files."""
    files = sorted(glob.glob(os.path.join(run_dir, "**", "*.trx"), recursive=True))
    found = []
    for path in files:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:   # a run killed mid-write leaves a truncated file
            print(f"repeat.sh: skipping unreadable {path}: {e}", file=sys.stderr)
            continue
        # Direct children only: data-driven InnerResults repeat their parent's name.
        for r in root.findall("t:Results/t:UnitTestResult", NS):
            found.append((r.get("testName", "?"), r.get("outcome", "")))
    return found, len(files)

mode, base = sys.argv[1], sys.argv[2]
if mode == "count":
    found, nfiles = results(base)
    failed = sum(o in FAILED for _, o in found)
    passed = sum(o == "Passed" for _, o in found)
    print(passed, failed, len(found) - passed - failed, nfiles)
    sys.exit()

n = int(sys.argv[3])
runs = [line.split("\t") for line in open(os.path.join(base, "runs.tsv")).read().splitlines()]
failures = {}   # test -> number of runs in which it failed
for k, _, _ in runs:
    found, _ = results(os.path.join(base, f"run-{k}"))
    for name in {name for name, o in found if o in FAILED}:
        failures[name] = failures.get(name, 0) + 1
rows = sorted(failures.items(), key=lambda kv: (-kv[1], kv[0]))
ok = sum(code == "0" for _, code, _ in runs)
secs = [int(s) for _, _, s in runs]
summary = f"{ok} of {n} runs passed; {len(rows)} distinct tests failed at least once"
times = f"wall times: {' '.join(f'{s}s' for s in secs)} (median {statistics.median(secs):g}s)"

print()
if rows:
    width = len(f"{n}/{n}")
    for name, f in rows:
        print(f"{f'{f}/{n}':>{width}}  {name}")
else:
    print(f"No test failed in any of the {n} runs.")
print(summary)
print(times)

def md(name):
    code = f"`` {name} ``" if "`" in name else f"`{name}`"   # a backtick inside needs two
    return code.replace("|", "\\|")   # a bare | would split the table cell

with open(os.path.join(base, "flakiness.md"), "w") as f:
    f.write(f"# Flakiness over {n} runs\n\n")
    if rows:
        f.write("| Failures | Test |\n|---:|---|\n")
        f.writelines(f"| {c}/{n} | {md(name)} |\n" for name, c in rows)
    else:
        f.write(f"No test failed in any of the {n} runs.\n")
    f.write(f"\n{summary}.\n\n{times}\n")
PY
}

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
