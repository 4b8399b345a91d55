#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Read the log of a lava-run (one JSON object per line, as lava-run
writes it) and print the job's test cases as LAVA recorded them.

Exit 0 only if LAVA's own "job" result is pass, the test monitor passed,
at least --min-cases test cases of the jobs' test definitions were
recorded, and none of them failed. Errors and exceptions of the run are
printed.

Usage: lava-results.py LOG [--min-cases N]
"""
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("--min-cases", type=int, default=1)
    opts = ap.parse_args()

    cases, lava, problems = [], {}, []
    with open(opts.log, errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            lvl, msg = entry.get("lvl"), entry.get("msg")
            if lvl in ("error", "exception"):
                problems.append("%s: %s" % (lvl, str(msg).splitlines()[0][:200]))
            if lvl != "results" or not isinstance(msg, dict):
                continue
            if msg.get("definition") == "lava":
                lava[msg.get("case")] = msg.get("result")
            else:
                cases.append((msg.get("definition"), msg.get("case"), msg.get("result")))

    for d, c, r in cases:
        print("  %-10s %-58s %s" % (d, c, r))
    counts = {}
    for _, _, r in cases:
        counts[r] = counts.get(r, 0) + 1
    print("LAVA test cases: %d (%s)" % (
        len(cases), ", ".join("%s %d" % kv for kv in sorted(counts.items())) or "none"))
    monitor = lava.get("lava-test-monitor")
    job = lava.get("job")
    print("LAVA: lava-test-monitor %s, job %s" % (monitor, job))
    for p in problems:
        print("  " + p)

    ok = job == "pass" and monitor == "pass" and len(cases) >= opts.min_cases \
        and not counts.get("fail") and not counts.get("unknown")
    if not ok:
        print("FAIL: the qemu job did not pass under lava-run"
              " (want job pass, monitor pass, >= %d cases, none failed)" % opts.min_cases)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
