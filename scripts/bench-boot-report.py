#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table of `make bench-boot` (scripts/bench-boot.sh).

Usage: bench-boot-report.py DIR [BASE_DESC]

DIR holds, per tree T (base, series) and boot N, the serial log
boot-T-N.log and the verdict of scripts/boot-verdict.sh, verdict-T-N.txt.
Per tree it prints the verdicts, the forced XRUNs of the kselftest on the
sgtl5000 card and their recovery figures, the alsa-utils client, the data
check, the SDMA interrupts, the irqsoff tracer's maximum and the kernel
reports, then the series/base ratio of the median recovery call.

The recovery figures pool the per-PCM "# xrun-stats" lines of the
kselftest run on the sgtl5000 card: counts are summed; for the latency and
the recovery call, the median and the p99 columns are the median of the
lines' medians and the largest p99, min and max are over all lines.

Exit status: 0 if every boot left a log and a verdict, 1 otherwise (a
failing verdict is a result, not an error).
"""

import glob
import os
import re
import statistics
import sys

STATS = re.compile(
    r'^# xrun-stats (?P<where>.*?): attempted (?P<attempted>\d+) recovered (?P<recovered>\d+) '
    r'eio (?P<eio>\d+) ebadfd (?P<ebadfd>\d+) timeout (?P<timeout>\d+) other (?P<other>\d+) '
    r'latency_us (?P<lat>.*?) deadline_us (?P<deadline>-?\d+) recover_us (?P<rec>.*)$')
QUAD = re.compile(r'min (-?\d+) median (-?\d+) p99 (-?\d+) max (-?\d+)')
# boot-verdict.sh's row for kernel reports; on FAIL it lists the first
# ten matching log lines below it, indented by four spaces.
REPORT_ROW = 'no WARNING/BUG/lockdep/KASAN report'
COUNTS = ('attempted', 'recovered', 'eio', 'ebadfd', 'timeout', 'other')


def section(lines, start, end):
    out, on = [], False
    for line in lines:
        if line.startswith(start):
            on = True
        if on:
            out.append(line)
            if line.startswith(end):
                break
    return out


def first(lines, prefix):
    for line in lines:
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    return None


def parse_boot(log, verdict):
    with open(log, 'rb') as f:
        lines = f.read().decode('utf-8', 'replace').replace('\r', '').split('\n')
    with open(verdict, encoding='utf-8', errors='replace') as f:
        vlines = f.read().split('\n')
    b = {'verdict': 'none', 'stats': [], 'reports': [], 'report_row': None}
    listing = False
    for line in vlines:
        if listing and line.startswith('    '):
            b['reports'].append(line.strip())
            continue
        listing = False
        if line.strip().startswith(REPORT_ROW):
            b['report_row'] = line.strip()[len(REPORT_ROW):].strip() or '?'
            listing = b['report_row'] != 'ok'
        if line.startswith('BOOT VERDICT: '):
            b['verdict'] = line.split(': ', 1)[1]
        m = re.match(r'\s*DATA CHECK: (\w+)', line)
        if m:
            b['data'] = m.group(1)
    b['failed'] = [ln.strip() for ln in vlines if re.search(r'\sFAIL( |$)', ln)]
    ks = section(lines, 'RUN: sgtl5000 kselftest:', 'RUN: sgtl5000 kselftest exit ')
    for line in ks:
        m = STATS.match(line)
        if m:
            b['stats'].append(m.groupdict())
    b['ks_totals'] = first(ks, '# Totals: ')
    b['ks_exit'] = first(ks, 'RUN: sgtl5000 kselftest exit ')
    cl = section(lines, 'RUN: sgtl5000 alsa-utils client: ', 'RUN: sgtl5000 alsa-utils client exit ')
    b['cl_totals'] = first(cl, '# Totals: ')
    b['cl_exit'] = first(cl, 'RUN: sgtl5000 alsa-utils client exit ')
    b['irqs'] = first(lines, 'RUN: sgtl5000 sdma interrupts during the run: ')
    m = first(lines, 'RUN: sgtl5000 irqsoff max latency: ')
    b['irqsoff'] = int(m.split()[0]) if m and m.split()[0].isdigit() else None
    b['release'] = first(lines, 'INIT: release: ')
    return b


def quads(stats, key):
    q = []
    for s in stats:
        m = QUAD.search(s[key])
        if m:
            q.append(tuple(int(x) for x in m.groups()))
    return q


def pooled(q):
    if not q:
        return None
    return (min(x[0] for x in q), statistics.median(x[1] for x in q),
            max(x[2] for x in q), max(x[3] for x in q))


def fmt_quad(p):
    if p is None:
        return '-'
    return 'min %d median %g p99 %d max %d' % p


def main():
    d = sys.argv[1]
    base_desc = sys.argv[2] if len(sys.argv) > 2 else ''
    ok = True
    trees = {}
    for name in ('series', 'base'):
        boots = []
        for log in sorted(glob.glob(os.path.join(d, 'boot-%s-*.log' % name)),
                          key=lambda p: int(re.search(r'-(\d+)\.log$', p).group(1))):
            n = re.search(r'-(\d+)\.log$', log).group(1)
            verdict = os.path.join(d, 'verdict-%s-%s.txt' % (name, n))
            if not os.path.exists(verdict):
                print('%s: no %s' % (log, verdict))
                ok = False
                continue
            boots.append(parse_boot(log, verdict))
        if not boots:
            print('no boot of the %s kernel in %s' % (name, d))
            ok = False
        trees[name] = boots

    print('make bench-boot: the boot of make on the QEMU of qemu/ (sgtl5000 card), '
          'base and series side by side')
    if base_desc:
        print('base tree: %s' % base_desc)
    print('TCG guest on this host: timings compare the two kernels in one run, '
          'they are no board figures')
    print()
    summary = {}
    for name in ('series', 'base'):
        boots = trees[name]
        if not boots:
            continue
        stats = [s for b in boots for s in b['stats']]
        counts = {k: sum(int(s[k]) for s in stats) for k in COUNTS}
        lat = pooled(quads(stats, 'lat'))
        rec = pooled(quads(stats, 'rec'))
        summary[name] = rec
        print('%s (%d boots; release %s)' % (name, len(boots), boots[0]['release']))
        print('  boot verdicts:            %s' % ' '.join(b['verdict'] for b in boots))
        for i, b in enumerate(boots, 1):
            for f in b['failed'][:6]:
                print('    boot %d: %s' % (i, f))
        print('  kselftest on sgtl5000:    %s' % ' | '.join(
            '%s, exit %s' % (b['ks_totals'] or 'no totals', b['ks_exit'] or '-') for b in boots))
        print('  forced XRUNs:             ' + ' '.join('%s %d' % (k, counts[k]) for k in COUNTS)
              + ' (%d PCM runs)' % len(stats))
        print('  recovery latency (us):    %s' % fmt_quad(lat))
        print('  recovery call (us):       %s' % fmt_quad(rec))
        print('  alsa-utils client:        %s' % ' | '.join(
            '%s, exit %s' % (b['cl_totals'] or 'no totals', b['cl_exit'] or '-') for b in boots))
        print('  data check (wavcheck.py): %s' % ' '.join(b.get('data', 'none') for b in boots))
        print('  SDMA interrupts in run:   %s' % ' '.join(b['irqs'] or '-' for b in boots))
        print('  irqsoff max (us):         %s' % ' '.join(
            str(b['irqsoff']) if b['irqsoff'] is not None else '-' for b in boots))
        print('  kernel reports (verdict): %s' % ' '.join(
            b['report_row'] or 'no row' for b in boots))
        for b in boots:
            for r in b['reports'][:3]:
                print('    %s' % r.strip()[:120])
        print()
    if summary.get('series') and summary.get('base') and summary['base'][1] > 0:
        print('median recovery call, series / base: %.2f (%g us / %g us)' % (
            summary['series'][1] / summary['base'][1], summary['series'][1], summary['base'][1]))
    else:
        print('median recovery call, series / base: not computed (a tree has no xrun-stats)')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
