#!/usr/bin/env python3
"""Reads the suite's TRX files (XML, entities decoded by the parser).

  trx.py summary DIR   -> "tests: P passed, F failed", then each failed test with the start of its
                          message and of its stack trace: the end of a CI log says what failed
  trx.py count DIR     -> "passed failed skipped files" of one run
  trx.py report DIR N  -> the flakiness table of N runs on stdout and in DIR/flakiness.md
                          (needs DIR/runs.tsv and DIR/run-K/ for K in 1..N)
"""
import glob, os, statistics, sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
FAILED = {"Failed", "Error", "Timeout", "Aborted"}
MESSAGE_LINES = 12
STACK_LINES = 8


def results(run_dir):
    """The top-level UnitTestResult elements of a run's TRX files, and how many files."""
    files = sorted(glob.glob(os.path.join(run_dir, "**", "*.trx"), recursive=True))
    found = []
    for path in files:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:   # a run killed mid-write leaves a truncated file
            print(f"trx.py: skipping unreadable {path}: {e}", file=sys.stderr)
            continue
        # Direct children only: data-driven InnerResults repeat their parent's name.
        found.extend(root.findall("t:Results/t:UnitTestResult", NS))
    return found, len(files)


def first_lines(text, n):
    lines = (text or "").strip().splitlines()
    return lines[:n] + ([f"... ({len(lines) - n} more lines in the TRX file)"] if len(lines) > n else [])


def summary(run_dir):
    found, _ = results(run_dir)
    failed = [r for r in found if r.get("outcome") in FAILED]
    print(f"tests: {sum(r.get('outcome') == 'Passed' for r in found)} passed, {len(failed)} failed")
    for r in failed:
        print(f"\nFAILED {r.get('testName', '?')} ({r.get('outcome')}, {r.get('duration', '?')}, "
              f"{r.get('startTime', '?')} to {r.get('endTime', '?')})")
        for part, n in (("Message", MESSAGE_LINES), ("StackTrace", STACK_LINES)):
            for line in first_lines(r.findtext(f"t:Output/t:ErrorInfo/t:{part}", "", NS), n):
                print(f"  {line}")


def count(run_dir):
    found, files = results(run_dir)
    failed = sum(r.get("outcome") in FAILED for r in found)
    passed = sum(r.get("outcome") == "Passed" for r in found)
    print(passed, failed, len(found) - passed - failed, files)


def md(name):
    code = f"`` {name} ``" if "`" in name else f"`{name}`"   # a backtick inside needs two
    return code.replace("|", "\\|")   # a bare | would split the table cell


def report(base, n):
    runs = [line.split("\t") for line in open(os.path.join(base, "runs.tsv")).read().splitlines()]
    failures = {}   # test -> number of runs in which it failed
    for k, _, _ in runs:
        found, _ = results(os.path.join(base, f"run-{k}"))
        for name in {r.get("testName", "?") for r in found if r.get("outcome") in FAILED}:
            failures[name] = failures.get(name, 0) + 1
    rows = sorted(failures.items(), key=lambda kv: (-kv[1], kv[0]))
    ok = sum(code == "0" for _, code, _ in runs)
    secs = [int(s) for _, _, s in runs]
    summary_line = f"{ok} of {n} runs passed; {len(rows)} distinct tests failed at least once"
    times = f"wall times: {' '.join(f'{s}s' for s in secs)} (median {statistics.median(secs):g}s)"

    print()
    if rows:
        width = len(f"{n}/{n}")
        for name, f in rows:
            print(f"{f'{f}/{n}':>{width}}  {name}")
    else:
        print(f"No test failed in any of the {n} runs.")
    print(summary_line)
    print(times)

    with open(os.path.join(base, "flakiness.md"), "w") as f:
        f.write(f"# Flakiness over {n} runs\n\n")
        if rows:
            f.write("| Failures | Test |\n|---:|---|\n")
            f.writelines(f"| {c}/{n} | {md(name)} |\n" for name, c in rows)
        else:
            f.write(f"No test failed in any of the {n} runs.\n")
        f.write(f"\n{summary_line}.\n\n{times}\n")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "summary" and len(sys.argv) == 3:
        summary(sys.argv[2])
    elif mode == "count" and len(sys.argv) == 3:
        count(sys.argv[2])
    elif mode == "report" and len(sys.argv) == 4:
        report(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(__doc__.strip())
