#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise a kunit.py JSON result and the raw kernel log.

Usage: kunit-summary.py KUNIT_JSON TEST_LOG [--expect-fail SUITE.CASE ...]

Without --expect-fail: exit 0 only if at least one case ran, every case
passed (SKIP counts as a failure: a skipped regression test proves
nothing), and the raw log has no lockdep, KASAN, BUG, WARNING or
sleeping-in-atomic report.

With --expect-fail: exit 0 only if every named case ran and FAILED, or
crashed the test kernel while it ran (see crash_in()); this is the "tests
can fail" proof on the base; other cases may do anything.
"""
import argparse
import json
import re
import sys

SPLAT = re.compile(
    r'(WARNING:|BUG:|Oops|Kernel panic|possible circular locking|'
    r'possible recursive locking|inconsistent lock state|'
    r'INFO: lockdep|lockdep is turned off|'
    r'KASAN:|sleeping function called from invalid context|'
    r'list_add corruption|list_del corruption|Unable to handle kernel|'
    r'kmemleak: .* new suspected memory leaks)')


def cases(group, prefix=''):
    """Yield (suite.case[.param], status) for every leaf result.

    A parameterised case is a sub-group of its suite in kunit.py's JSON;
    a case that ran no parameter at all yields its own status."""
    for sub in group.get('sub_groups', []):
        name = f'{prefix}.{sub["name"]}' if prefix else sub['name']
        leaves = list(cases(sub, name))
        yield from leaves or [(name, sub.get('status', 'FAIL'))]
    for case in group.get('test_cases', []):
        yield (f'{prefix}.{case["name"]}' if prefix else case['name'],
               case['status'])


CRASH = re.compile(r'(Kernel panic|BUG:|Oops|Unable to handle kernel)')
RESULT = re.compile(r'^\s*(not )?ok \d+ ')


def crash_in(want, statuses, log):
    """The crash line if the test kernel died while WANT was running.

    A crash ends the KTAP output: kunit.py then records an unnamed ERROR
    result in the suite, and the case has no result of its own. It is
    attributed to WANT only if the suite has that ERROR, and WANT's name
    (KUnit names the case's devices and messages after it) appears in the
    log after the last KTAP result line and before the crash report."""
    suite, _, case = want.partition('.')
    case = case.split('.')[0]
    if 'ERROR' not in statuses.get(suite, {}):
        return None
    last = max((i for i, l in enumerate(log) if RESULT.match(l)), default=-1)
    tail = log[last + 1:]
    for i, line in enumerate(tail):
        if CRASH.search(line):
            if any(case in l for l in tail[:i]):
                return line.strip()
            return None
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('json')
    ap.add_argument('log')
    ap.add_argument('--expect-fail', action='append', default=[])
    a = ap.parse_args()

    try:
        with open(a.json) as f:
            res = json.load(f)
    except (OSError, ValueError) as e:
        print(f'no usable KUnit JSON ({e})')
        return 1
    try:
        with open(a.log, errors='replace') as f:
            log = f.read().splitlines()
    except OSError:
        log = []

    # Top level: "KUnit Test Results" with one sub_group per suite.
    allc = list(cases({'sub_groups': res.get('sub_groups', [])}))
    by = {}
    for name, st in allc:
        # A parameterised case is also found under its own name.
        parts = name.split('.')
        for i in range(2, len(parts) + 1):
            by.setdefault('.'.join(parts[:i]), []).append(st)
    suites = {}
    for name, st in allc:
        s = name.split('.')[0]
        suites.setdefault(s, {}).setdefault(st, 0)
        suites[s][st] += 1
    for s, c in sorted(suites.items()):
        print(f'  suite {s}: ' + ', '.join(f'{v} {k}' for k, v in sorted(c.items())))

    if a.expect_fail:
        bad = 0
        for want in a.expect_fail:
            st = by.get(want)
            crash = None if st else crash_in(want, suites, log)
            if crash:
                print(f'  expected failure {want}: CRASHED the test kernel, as required on this tree: {crash[:120]}')
            elif not st:
                print(f'  expected failure {want}: DID NOT RUN')
                bad = 1
            elif 'FAIL' in st or 'ERROR' in st:
                # ERROR: the case crashed the test kernel, a failure too.
                n = sum(1 for x in st if x in ('FAIL', 'ERROR'))
                print(f'  expected failure {want}: FAILED ({n} of {len(st)} results), as required on this tree')
            else:
                print(f'  expected failure {want}: {"/".join(st)} (should have failed)')
                bad = 1
        # Evidence: the failing assertion lines from the log.
        shown = 0
        for line in log:
            if re.search(r'Expected |ASSERTION FAILED|EXPECTATION FAILED|not ok |'
                         r'BUG: KASAN|Kernel panic|^ *\S+ from vchan_', line) and shown < 25:
                print('    | ' + line.strip()[:160])
                shown += 1
        return bad

    failed = [n for n, st in allc if st != 'PASS']
    splats = [l for l in log if SPLAT.search(l)]
    print(f'  KUnit cases: {len(allc) - len(failed)} passed, {len(failed)} not passed')
    for n in failed[:30]:
        print(f'    not passed: {n} ({"/".join(by.get(n, ["?"]))})')
    for l in splats[:15]:
        print('    splat: ' + l.strip()[:160])
    if not allc:
        print('  no KUnit case ran')
        return 1
    return 1 if failed or splats else 0


if __name__ == '__main__':
    sys.exit(main())
