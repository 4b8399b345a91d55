#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise a kunit.py JSON result and the raw kernel log.

Usage: kunit-summary.py [--tree TREE] [--filter GLOB] KUNIT_JSON TEST_LOG
                        [--expect-fail SUITE.CASE ...]

Without --expect-fail: exit 0 only if at least one case ran, every case
passed (SKIP counts as a failure: a skipped regression test proves
nothing), and the raw log has no lockdep, KASAN, BUG, WARNING or
sleeping-in-atomic report.

With --expect-fail: exit 0 only if every named case ran and FAILED, or
crashed the test kernel while it ran (see crash_in()); this is the "tests
can fail" proof on the base; other cases may do anything.
"""
import argparse
import fnmatch
import glob
import json
import os
import re
import sys

# Where the series' suites live (as in scripts/kunit.sh).
KUNIT_DIRS = ('drivers/dma/tests', 'sound/core/tests')

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


def case_order(tree, case):
    """The cases of the kunit_case array that holds CASE, in run order,
    from the suites' sources in TREE (KUnit runs them in array order)."""
    for d in KUNIT_DIRS:
        for f in sorted(glob.glob(os.path.join(tree, d, '*.c'))):
            with open(f, errors='replace') as fh:
                text = fh.read()
            for body in re.findall(r'struct kunit_case \w+\[\] = \{(.*?)\};', text, re.S):
                names = re.findall(r'KUNIT_CASE\w*\(\s*(\w+)', body)
                if case in names:
                    return names
    return None


def crash_in(want, statuses, named, log, tree, filt=None):
    """The crash line if the test kernel died while WANT was running.

    A crash ends the KTAP output: kunit.py then records an unnamed ERROR
    result in the suite, and the case has no result of its own. It is
    attributed to WANT only if the suite has that ERROR, the log has a
    crash report after the last KTAP result line, and WANT is the case
    that runs next: the first of the suite's cases (from its kunit_case
    array in TREE) without a result; with FILT, the kunit.py filter_glob
    of the run, only the cases it selects count."""
    suite, _, case = want.partition('.')
    case = case.split('.')[0]
    if not tree or 'ERROR' not in statuses.get(suite, {}):
        return None
    last = max((i for i, l in enumerate(log) if RESULT.match(l)), default=-1)
    tail = log[last + 1:]
    crash = next((i for i, l in enumerate(tail) if CRASH.search(l)), None)
    if crash is None:
        return None
    order = case_order(tree, case)
    if not order:
        return None
    if filt:
        order = [c for c in order if fnmatch.fnmatchcase(f'{suite}.{c}', filt)]
    done = {n.split('.')[1] for n in named if n.startswith(suite + '.')}
    running = next((c for c in order if c not in done), None)
    return tail[crash].strip() if running == case else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('json')
    ap.add_argument('log')
    ap.add_argument('--expect-fail', action='append', default=[])
    ap.add_argument('--tree', help='kernel tree of the run (case order for a crash)')
    ap.add_argument('--filter', help='the filter_glob the run was given')
    ap.add_argument('--known-splat', action='append', default=[],
                    help='regex of a splat line that the base kernel prints on its own '
                         '(listed, not counted); the caller says why')
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
            crash = None if st else crash_in(want, suites, [n for n, _ in allc if n.split('.')[-1]], log,
                                         a.tree, a.filter)
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
    known = [l for l in splats if any(re.search(k, l) for k in a.known_splat)]
    splats = [l for l in splats if l not in known]
    for l in known[:5]:
        print('    known base splat, not counted: ' + l.strip()[:160])
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
