#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the "BENCH" lines of the imx-sdma-bench KUnit suite into a report.

Usage: bench-report.py --out DIR --base LOG... --series LOG... [options]

Every LOG is a raw kernel log (kunit.py's test.log) of one QEMU boot. The
first LOG of each tree has the whole suite; further LOGs may hold only the
fast-path, recovery-latency and floor cases (more boots, for the
run-to-run spread). "base" is the
series without patch 0007 (the terminate worker sleeps 1-2 ms), "series"
the whole series. Prints one table and writes it to DIR/bench-table.txt,
with DIR/bench-results.json, DIR/bench-results.csv and
DIR/bench-recovery.png. Exit 0 if the logs were complete, each named the
tree it was passed as, and no run had a correctness failure (a missed
performance target is reported, not fatal); 1 otherwise.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

LINE = re.compile(r'BENCH (meta|totals|samples|fastpath|sustained|hammer|floor|irqsoff|error) (.*)$')
TREES = ('base', 'series')
# The scenarios of the channel 0 sections, in table order.
SCENARIOS = (('bd10us', 'BD 10 us'), ('bd100us', 'BD 100 us'), ('bd1000us', 'BD 1000 us'),
             ('hammer', 'ch0 hammered by the other CPU'),
             ('prio7', 'prio-7 channel busy (BD 50 us)'))
FLOOR_TARGET = 1.25


def kv(tokens):
    d, rest = {}, []
    for t in tokens:
        if '=' in t:
            k, v = t.split('=', 1)
            d[k] = v
        else:
            rest.append(t)
    return d, rest


def parse(path):
    """One log: {'meta': {}, 'totals': {what: {..}}, 'samples': {key: [..]},
    'fastpath': [..], 'sustained': {..}, ...}."""
    r = {'meta': {}, 'totals': {}, 'samples': {}, 'fastpath': [], 'sustained': {},
         'hammer': {}, 'floor': {}, 'irqsoff': [], 'ktap': [], 'errors': [], 'dropped': 0}
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = re.search(r'\*\* (\d+) printk messages dropped \*\*', line)
            if m:
                r['dropped'] += int(m.group(1))
            if re.match(r'\s*(not ok|ok) \d+ ', line):
                r['ktap'].append(line.strip())
            m = LINE.search(line)
            if not m:
                continue
            kind, body = m.groups()
            if kind == 'error':
                r['errors'].append(body)
            elif kind == 'meta':
                head, _, version = body.partition(' version=')
                d, _ = kv(head.split())
                d['version'] = version
                r['meta'] = d
            elif kind == 'samples':
                toks = body.split()
                d, rest = kv(toks[:-1])
                key = ' '.join(rest + [f'{k}={v}' for k, v in d.items() if k != 'tree'])
                r['samples'].setdefault(key, []).extend(int(x) for x in toks[-1].split(',') if x)
            elif kind == 'totals':
                d, rest = kv(body.split())
                d['what'] = ' '.join(rest)
                r['totals'][d['what']] = d
            elif kind == 'fastpath':
                d, _ = kv(body.split())
                r['fastpath'].append(d)
            elif kind == 'irqsoff':
                d, _ = kv(body.split())
                r['irqsoff'].append(d)
            elif kind in ('sustained', 'hammer', 'floor'):
                d, _ = kv(body.split())
                r[kind] = d
    return r


def pct(v, p):
    """Nearest-rank percentile of a sorted list."""
    if not v:
        return None
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


def dist(v):
    v = sorted(v)
    if not v:
        return None
    return {'n': len(v), 'min': v[0], 'median': statistics.median(v),
            'p99': pct(v, 99), 'max': v[-1], 'mean': statistics.fmean(v)}


def fmt_us(ns, nd=1):
    return '-' if ns is None else f'{ns / 1000.0:.{nd}f}'


def dist_str(d, nd=1):
    if not d:
        return 'n/a'
    return (f'{fmt_us(d["min"], nd)} / {fmt_us(d["median"], nd)} / '
            f'{fmt_us(d["p99"], nd)} / {fmt_us(d["max"], nd)}')


def host_info():
    model = ''
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        qemu = subprocess.run(['qemu-system-arm', '--version'], capture_output=True,
                              text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        qemu = 'unknown'
    try:
        load = open('/proc/loadavg').read().split()[:3]
    except OSError:
        load = []
    return {'nproc': os.cpu_count(), 'cpu_model': model, 'qemu': qemu,
            'host_kernel': platform.release(), 'host_os': platform.platform(),
            'loadavg_at_report': load}


def insns(vmlinux, objdump, funcs):
    """Instructions of the functions, addresses and branch targets removed."""
    if not vmlinux or not os.path.exists(vmlinux):
        return None
    out = ''
    for fn in funcs:        # objdump honours only the last --disassemble=
        try:
            out += subprocess.run([objdump, '-d', '--no-show-raw-insn', vmlinux,
                                   f'--disassemble={fn}'],
                                  capture_output=True, text=True).stdout
        except OSError:
            return None
    res, cur = {}, None
    for line in out.splitlines():
        m = re.match(r'^[0-9a-f]+ <(\S+)>:', line)
        if m:
            cur = m.group(1)
            res[cur] = []
            continue
        m = re.match(r'^\s*[0-9a-f]+:\s+(\S.*)$', line)
        if m and cur:
            ins = re.sub(r'\s+', ' ', m.group(1).split(';')[0].split('@')[0]).strip()
            # branch targets and literal addresses differ between the kernels
            ins = re.sub(r'\b[0-9a-f]{6,8}\b( <[^>]*>)?', 'ADDR', ins)
            ins = re.sub(r'<[^>]*>', '', ins).strip()
            res[cur].append(ins)
    return res


def compare_code(ib, isr, funcs):
    """(row text, verdict dict) comparing the functions in both kernels."""
    fs = [f for f in funcs if f in ib or f in isr]
    if not fs:
        return None, None
    imm = lambda v: [re.sub(r'#-?(0x)?[0-9a-f]+', '#N', x) for x in v]
    same = all(ib.get(f) == isr.get(f) for f in fs)
    same_ops = all(imm(ib.get(f, [])) == imm(isr.get(f, [])) for f in fs)
    ndiff = sum(sum(1 for x, y in zip(ib.get(f, []), isr.get(f, [])) if x != y) for f in fs)
    counts = {f: (len(ib.get(f, [])), len(isr.get(f, []))) for f in fs}
    text = ('identical' if same else (f'same instructions, {ndiff} with other offsets'
                                      if same_ops else 'different instructions'))
    return text, {'functions': counts, 'identical': same, 'identical_but_immediates': same_ops,
                  'instructions_with_other_immediates': ndiff}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--base', nargs='+', required=True)
    ap.add_argument('--series', nargs='+', required=True)
    ap.add_argument('--base-desc', default='')
    ap.add_argument('--series-desc', default='')
    ap.add_argument('--trees-diff', default='', help='what differs between the two trees')
    ap.add_argument('--base-vmlinux')
    ap.add_argument('--series-vmlinux')
    ap.add_argument('--objdump', default='arm-linux-gnueabihf-objdump')
    ap.add_argument('--command', default='make bench')
    ap.add_argument('--wall', type=float, default=None, help='benchmark wall time, s')
    ap.add_argument('--loadavg', help='file with the host load average at each boot')
    ap.add_argument('--base-irqsoff', help='log of the base kernel with the irqsoff tracer')
    ap.add_argument('--series-irqsoff', help='log of the series kernel with the irqsoff tracer')
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    logs = {'base': [parse(p) for p in a.base], 'series': [parse(p) for p in a.series]}
    full = {t: logs[t][0] for t in TREES}
    problems = []
    for t in TREES:
        for i, log in enumerate(logs[t]):
            path = getattr(a, t)[i]
            for e in log['errors']:
                problems.append(f'{t}: {path}: BENCH error {e}')
            if log['dropped']:
                problems.append(f'{t}: {path}: {log["dropped"]} printk messages dropped: samples are missing')
            if not log['meta']:
                problems.append(f'{t}: no BENCH meta line in {path}')
            elif log['meta'].get('tree') != t:
                problems.append(f'{t}: {path} was booted as tree={log["meta"].get("tree")}, not {t}')
        bad = [l for log in logs[t] for l in log['ktap'] if l.startswith('not ok')]
        for l in bad:
            problems.append(f'{t}: KUnit {l}')

    for t in TREES:
        groups = {}
        for key, v in full[t]['samples'].items():
            # per cycle (total, hw, stop, ...), per confirmation, per load
            what, field = key.split()[0], key.split()[-1]
            kind = field.split('_')[0] if field.startswith(('confirm_', 'load_')) else 'cycle'
            groups.setdefault(f'{what} {kind}', {})[key] = len(v)
        for what, lens in groups.items():
            if len(set(lens.values())) > 1:
                problems.append(f'{t}: {what}: sample arrays of different lengths {sorted(set(lens.values()))}')

    def totals(t, what):
        return full[t]['totals'].get(what)

    def smp(t, key):
        return full[t]['samples'].get(key, [])

    def boot_medians(t, key):
        """The median of @key in each boot of tree @t that has it."""
        return [statistics.median(log['samples'][key]) for log in logs[t]
                if log['samples'].get(key)]

    rows = []   # item, metric, base, series, ratio, target, verdict

    def row_boots(item, key):
        """A row with the per-boot medians of @key, and the median of them."""
        m = {t: boot_medians(t, key) for t in TREES}
        if max(len(v) for v in m.values()) < 2:
            return None
        f = lambda v: '/'.join(f'{x / 1000:.0f}' for x in v) or '-'
        mb, ms = (statistics.median(m[t]) if m[t] else None for t in TREES)
        row(item, '  per boot: medians (us); ratio of their medians', f(m['base']), f(m['series']),
            ratio_str(mb, ms))
        return m

    def row(item, metric, b='', s='', ratio='', target='', verdict=''):
        rows.append([item, metric, b, s, ratio, target, verdict])

    def ratio_str(b, s):
        return f'{s / b:.2f}x' if b and s is not None else ''

    res = {'items': {}}
    meta = {t: full[t]['meta'] for t in TREES}
    bound_reads = int(meta['series'].get('bound_reads', '0') or 0)
    ch0_steps = int(meta['series'].get('ch0_steps', '0') or 0)
    load_bound = int(meta['series'].get('load_bound_reads', '0') or 0)
    cf_irqs_off_bound = int(meta['series'].get('confirm_irqs_off_bound', '0') or 0)

    # 1 ----------------------------------------------------------------
    # XRUN recovery, STOP to the restarted transfer issued, BD 100 us.
    lat = {}
    for t in TREES:
        tot, hw = smp(t, 'latency total_ns'), smp(t, 'latency hw_ns')
        n = min(len(tot), len(hw))
        sw = [tot[i] - hw[i] for i in range(n)]
        lat[t] = {'total': tot[:n], 'hw': hw[:n], 'sw': sw,
                  'd_total': dist(tot[:n]), 'd_hw': dist(hw[:n]), 'd_sw': dist(sw)}
    i1 = {'cycles': {t: len(lat[t]['total']) for t in TREES}}
    for key, label in (('d_total', 'STOP->issued'), ('d_sw', '  software-added (total - modelled hw)'),
                       ('d_hw', '  of which modelled hw')):
        b, s = lat['base'][key], lat['series'][key]
        i1[key] = {'base': b, 'series': s}
        row('1', f'{label}, boot 1 (us)', dist_str(b), dist_str(s),
            '' if key == 'd_hw' else ratio_str(b and b['median'], s and s['median']))
    parts = ('stop', 'wake', 'sync', 'start')
    part_names = 'STOP call / wake-up / synchronize / START'
    # The parts: the median over the boots of each boot's median.
    i1['parts_median_ns'] = {}
    for t in TREES:
        ps = [boot_medians(t, f'latency {p}_ns') for p in parts]
        if all(ps):
            i1['parts_median_ns'][t] = {p: statistics.median(v) for p, v in zip(parts, ps)}
    fmtp = lambda d: ' / '.join(f'{d[p] / 1000:.0f}' for p in parts) if d else '-'
    i1['boot_medians_ns'] = row_boots('1', 'latency total_ns')
    row('1', f'  medians: {part_names}, median of boots (us)', fmtp(i1['parts_median_ns'].get('base')),
        fmtp(i1['parts_median_ns'].get('series')))
    res['items']['1_recovery_latency'] = i1

    # 2 ----------------------------------------------------------------
    # sync_stop latency: dmaengine_synchronize(), in the same loops.
    i2 = {}
    for key, label in (('latency', 'BD 100 us'), ('bd10us', 'BD 10 us'),
                       ('bd1000us', 'BD 1000 us')):
        d = {t: dist(smp(t, f'{key} sync_ns')) for t in TREES}
        i2[key] = d
        row('2', f'sync_stop (dmaengine_synchronize), {label} (us)', dist_str(d['base']),
            dist_str(d['series']),
            ratio_str(d['base'] and d['base']['median'], d['series'] and d['series']['median']))
        if key == 'latency':
            i2['boot_medians_ns'] = row_boots('2', 'latency sync_ns')
    res['items']['2_sync_stop'] = i2

    # 3 ----------------------------------------------------------------
    # IRQs off inside the STOP: dmaengine_terminate_async() in the period
    # callback (hard IRQ). 0007 does not change it.
    i3 = {t: dist(smp(t, 'latency stop_ns')) for t in TREES}
    b, s = i3['base'], i3['series']
    row('3', 'IRQs off in the STOP call (terminate_async, hard IRQ) (us)',
        dist_str(b), dist_str(s), ratio_str(b and b['median'], s and s['median']))
    i3['boot_medians_ns'] = row_boots('3', 'latency stop_ns')
    ib = insns(a.base_vmlinux, a.objdump, ['sdma_terminate_all'])
    isr = insns(a.series_vmlinux, a.objdump, ['sdma_terminate_all'])
    if ib and isr:
        text, v = compare_code(ib, isr, ['sdma_terminate_all'])
        if text:
            i3['static_insns'] = v
            n = v['functions'].get('sdma_terminate_all', (0, 0))
            row('3', f'  machine code of sdma_terminate_all ({n[0]}/{n[1]} insns)', '', text, '',
                'same code', 'met' if v['identical_but_immediates'] else 'differs')
    res['items']['3_stop_call'] = i3

    # 4 ----------------------------------------------------------------
    # Channel 0 sections: the stop's confirmation (C0_GETDM, series only),
    # which waits for its command sleeping, and the prep's context load
    # (C0_SETDM), interrupts off throughout, which may first wait for a
    # confirmation's command.
    i4 = {'documented_bound': {'ch0_steps_of_1us': ch0_steps, 'reads_of_he0': bound_reads,
                               'reads_of_he0_prep_after_confirm': load_bound,
                               'confirm_reads_with_irqs_off': cf_irqs_off_bound}}
    for key, label in SCENARIOS:
        d = {}
        for t in TREES:
            tt = totals(t, key) or {}
            d[t] = {'confirm_ns': dist(smp(t, f'{key} confirm_ns')),
                    'confirm_reads': dist(smp(t, f'{key} confirm_reads')),
                    'load_ns': dist(smp(t, f'{key} load_ns')),
                    'load_reads': dist(smp(t, f'{key} load_reads')),
                    'totals': tt}
        tt = d['series']['totals']
        cmax = int(tt.get('confirm_max_reads', '0') or 0)
        coff = int(tt.get('confirm_max_irqs_off_reads', '-1') or -1)
        lmax = max(int((d[t]['totals'] or {}).get('load_max_reads', '0') or 0) for t in TREES)
        nconf = int(tt.get('confirms', '0') or 0)
        verdict = 'n/a' if not nconf else ('met' if 0 <= coff <= cf_irqs_off_bound else 'MISSED')
        d['verdict_irqs_off_reads'] = verdict
        row('4', f'{label}: confirm, wait for its command, sleeping (us)',
            'no confirm (sleeps)', dist_str(d['series']['confirm_ns']))
        row('4', '  HE[0] reads per confirm, median / max; of them with IRQs off, max', '',
            (f'{d["series"]["confirm_reads"]["median"]:.0f} / {cmax}; {coff}'
             if d['series']['confirm_reads'] else '-'), '', f'IRQs off <= {cf_irqs_off_bound}',
            verdict)
        if tt:
            row('4', '  confirms 0 (of them seen complete by a prep)/-EBUSY/-ETIMEDOUT; in worker/synchronize', '',
                f'{tt.get("confirm_ok")} ({tt.get("confirm_seen_by_prep", "?")})/{tt.get("confirm_busy")}/'
                f'{tt.get("confirm_timeout")}; {tt.get("confirm_in_worker")}/{tt.get("confirm_in_sync")}')
        row('4', "  prep's context load, IRQs off (us)",
            dist_str(d['base']['load_ns']), dist_str(d['series']['load_ns']), '',
            f'<= {load_bound} reads', 'met' if lmax and lmax <= load_bound else 'n/a')
        i4[key] = d
    res['items']['4_confirm_channel0'] = i4

    # 5 ----------------------------------------------------------------
    # The floor: the same loop on the fake DMA controller.
    i5 = {}
    for t in TREES:
        i5[t] = {'floor_total_ns': dist(smp(t, 'floor total_ns')), 'floor': full[t]['floor'],
                 'parts_median_ns': {p: statistics.median(boot_medians(t, f'floor {p}_ns'))
                                     for p in parts if boot_medians(t, f'floor {p}_ns')}}
    row('5', 'floor: the XRUN loop on the fake DMA controller, boot 1 (us)',
        dist_str(i5['base']['floor_total_ns']), dist_str(i5['series']['floor_total_ns']))
    row('5', f'  floor medians: {part_names}, median of boots (us)',
        fmtp(i5['base']['parts_median_ns'] if len(i5['base']['parts_median_ns']) == 4 else None),
        fmtp(i5['series']['parts_median_ns'] if len(i5['series']['parts_median_ns']) == 4 else None))
    # Per boot: the recovery median over the floor median of the same boot.
    # The floor moves from boot to boot as much as the recovery does (TCG,
    # host load); the tree's figure is the median of its boots' ratios.
    for t in TREES:
        boots = []
        for log in logs[t]:
            rl, fl = log['samples'].get('latency total_ns'), log['samples'].get('floor total_ns')
            if rl and fl:
                rm, fm = statistics.median(rl), statistics.median(fl)
                boots.append({'recovery_median_ns': rm, 'floor_median_ns': fm, 'ratio': rm / fm})
        i5[t]['boots'] = boots
        if boots:
            i5[f'{t}_median_over_floor'] = statistics.median(b['ratio'] for b in boots)
    fmtb = lambda t, k, f: '/'.join(f(b[k]) for b in i5[t]['boots']) or '-'
    us0 = lambda v: f'{v / 1000:.0f}'
    row('5', '  per boot: imx-sdma recovery median (us)', fmtb('base', 'recovery_median_ns', us0),
        fmtb('series', 'recovery_median_ns', us0))
    row('5', '  per boot: floor median (us)', fmtb('base', 'floor_median_ns', us0),
        fmtb('series', 'floor_median_ns', us0))
    row('5', '  per boot: their ratio', fmtb('base', 'ratio', lambda v: f'{v:.1f}'),
        fmtb('series', 'ratio', lambda v: f'{v:.2f}'))
    so = i5.get('series_median_over_floor')
    i5['target'] = f'series <= {FLOOR_TARGET}x'
    i5['verdict'] = 'n/a' if so is None else ('met' if so <= FLOOR_TARGET else 'MISSED')
    bo = i5.get('base_median_over_floor')
    row('5', f'  imx-sdma recovery / floor, median of {len(i5["series"]["boots"])} boots',
        f'{bo:.2f}x' if bo else '-', f'{so:.2f}x' if so else '-', '', i5['target'], i5['verdict'])
    # Where the series' recovery spends its time beyond the floor's.
    sp, fp = i1['parts_median_ns'].get('series'), i5['series']['parts_median_ns']
    if sp and len(fp) == 4:
        extra = {p: sp[p] - fp[p] for p in parts}
        i5['series_minus_floor_median_ns'] = extra
        top = max(parts, key=lambda p: extra[p])
        names = dict(zip(parts, part_names.split(' / ')))
        i5['dominant_part'] = names[top]
        row('5', f'  series minus floor, medians of boots: {part_names} (us)', '',
            ' / '.join(f'{extra[p] / 1000:+.0f}' for p in parts), '', '',
            f'most: {names[top]}')
    res['items']['5_floor'] = i5

    # 6 ----------------------------------------------------------------
    # Per boot: the median over its rounds of the per-call time (median
    # batch, minus the setup loop). Rounds within a boot agree closely;
    # boots of the same kernel do not (TCG, memory placement), so the
    # trees are compared by the median over boots, with the boot spread.
    i6 = {}
    for t in TREES:
        boots = []
        for log in logs[t]:
            if not log['fastpath']:
                continue
            net = [(int(d['handler_p50_ps']) - int(d['setup_p50_ps'])) / 1000.0
                   for d in log['fastpath']]
            hook = [int(d['hook_p50_ps']) / 1000.0 for d in log['fastpath']]
            boots.append({'rounds_ns': net, 'median_ns': statistics.median(net),
                          'round_spread_pct': 100.0 * (max(net) - min(net)) / statistics.median(net),
                          'hook_median_ns': statistics.median(hook)})
        med = [b['median_ns'] for b in boots]
        i6[t] = {'boots': boots,
                 'median_ns': statistics.median(med) if med else None,
                 'boot_spread_pct': (100.0 * (max(med) - min(med)) / statistics.median(med)) if med else None,
                 'max_round_spread_pct': max((b['round_spread_pct'] for b in boots), default=None)}
    b, s = i6['base'].get('median_ns'), i6['series'].get('median_ns')
    ratio = s / b if b and s else None
    noise = max(i6['base']['boot_spread_pct'] or 0, i6['series']['boot_spread_pct'] or 0)
    if ratio is None:
        verdict = 'n/a'
    elif abs(ratio - 1) <= 0.01:
        verdict = 'met'
    elif noise > 100 * abs(ratio - 1):
        verdict = f'not resolved (boot spread {noise:.0f}%)'
    else:
        verdict = 'MISSED'
    i6['ratio'] = ratio
    i6['verdict_timing'] = verdict
    row('6', 'int handler + callback per IRQ, median of boots (ns)',
        f'{b:.0f}' if b else '-', f'{s:.0f}' if s else '-',
        f'{ratio:.3f}' if ratio else '', 'within 1% of base', verdict)
    fmtboots = lambda t: ('/'.join(f'{x["median_ns"]:.0f}' for x in i6[t]['boots']) +
                          f' ({i6[t]["boot_spread_pct"]:.0f}%)') if i6[t]['boots'] else '-'
    row('6', '  per boot (spread); rounds within a boot differ <= ' +
        f'{max(i6["base"]["max_round_spread_pct"] or 0, i6["series"]["max_round_spread_pct"] or 0):.1f}%',
        fmtboots('base'), fmtboots('series'))
    hb = [x['hook_median_ns'] for x in i6['base']['boots']]
    hs = [x['hook_median_ns'] for x in i6['series']['boots']]
    row('6', '  of which the model\'s STATSTOP-read hook (ns)',
        f'{statistics.median(hb):.0f}' if hb else '-', f'{statistics.median(hs):.0f}' if hs else '-')
    funcs = ['sdma_int_handler', 'sdma_update_channel_loop']
    ib = insns(a.base_vmlinux, a.objdump, funcs)
    isr = insns(a.series_vmlinux, a.objdump, funcs)
    if ib and isr:
        text, v = compare_code(ib, isr, funcs)
        if text:
            i6['static_insns'] = v
            row('6', 'machine code of ' + ', '.join(f'{f} ({c[0]}/{c[1]} insns)'
                                                   for f, c in v['functions'].items()),
                '', text, '', 'same instructions', 'met' if v['identical_but_immediates'] else 'differs')
    res['items']['6_fast_path'] = i6

    # 7 ----------------------------------------------------------------
    i7 = {}
    for t in TREES:
        d = totals(t, 'sustained')
        if not d:
            i7[t] = None
            continue
        cyc, wall = int(d['cycles']), int(d['wall_ns'])
        i7[t] = {'cycles': cyc, 'wall_s': wall / 1e9, 'cycles_per_s': cyc / (wall / 1e9) if wall else None,
                 'failures': int(d['failures']), 'freed_in_use': int(d['freed_in_use']),
                 'no_callbacks': int(d['no_callbacks']),
                 'confirm_ok_busy_timeout': [int(d.get(k, '0')) for k in
                                             ('confirm_ok', 'confirm_busy', 'confirm_timeout')],
                 'percentiles': full[t]['sustained']}
    sv = i7.get('series')
    ok = sv and sv['cycles'] >= 100000 and sv['failures'] == 0
    i7['verdict'] = 'met' if ok else 'MISSED'
    fmt7 = lambda x: (f'{x["cycles"]} cycles, {x["failures"]} failures, {x["cycles_per_s"]:.0f}/s'
                      if x else '-')
    cb, cs = (i7['base'] or {}).get('cycles_per_s'), (sv or {}).get('cycles_per_s')
    row('7', 'XRUN cycles sustained, BD 100 us', fmt7(i7['base']), fmt7(sv),
        f'{cs / cb:.1f}x' if cb and cs else '', '100000 cycles, 0 failures', i7['verdict'])
    if sv:
        c = sv['confirm_ok_busy_timeout']
        row('7', '  freed in use / no callbacks; confirms 0 / -EBUSY / -ETIMEDOUT',
            f'{i7["base"]["freed_in_use"]} / {i7["base"]["no_callbacks"]}' if i7['base'] else '-',
            f'{sv["freed_in_use"]} / {sv["no_callbacks"]}; {c[0]} / {c[1]} / {c[2]}')
    res['items']['7_sustained'] = i7

    # 8 ----------------------------------------------------------------
    # The irqsoff tracer's maximum per case, from the kernels built with it
    # (a separate boot per tree: its hooks would distort every figure above).
    i8 = {}
    for t in TREES:
        path = getattr(a, f'{t}_irqsoff')
        if not path:
            continue
        if not os.path.exists(path):
            problems.append(f'{t}: no irqsoff log {path}')
            continue
        log = parse(path)
        if log['meta'].get('tree') != t:
            problems.append(f'{t}: {path} was booted as tree={log["meta"].get("tree")}, not {t}')
        for l in log['ktap']:
            if l.startswith('not ok'):
                problems.append(f'{t} (irqsoff tracer): KUnit {l}')
        if not log['irqsoff']:
            problems.append(f'{t}: no BENCH irqsoff line in {path}: did the tracer run?')
        for d in log['irqsoff']:
            case = d['case'].replace('sdma_bench_', '')
            if d.get('param', '-1') != '-1':
                case += f'[{d["param"]}]'
            i8.setdefault(case, {})[t] = {'max_us': int(d['max_ns']) / 1000,
                                          'start': d.get('start'), 'end': d.get('end')}
    for case, v in i8.items():
        fmt8 = lambda x: f'{x["max_us"]:.0f} ({x["start"]} -> {x["end"]})' if x else '-'
        b, sv8 = v.get('base'), v.get('series')
        row('8', f'irqsoff tracer max, {case} loop (us; section start -> end)', fmt8(b), fmt8(sv8),
            ratio_str(b and b['max_us'], sv8 and sv8['max_us']))
    res['items']['8_irqsoff_tracer'] = i8

    # consistency ---------------------------------------------------------
    for t in TREES:
        for what, d in full[t]['totals'].items():
            if int(d.get('failures', '0')) and what != 'prio7':
                problems.append(f'{t}: {what}: {d["failures"]} failures')
            if int(d.get('ch0_odd', '0')):
                problems.append(f'{t}: {what}: {d["ch0_odd"]} channel 0 sections not as expected')
    # The label comes from the command line; the hooks show whether the
    # kernel confirms its stops. They must agree.
    nconf = {t: sum(int(d.get('confirms', '0')) for d in full[t]['totals'].values()) for t in TREES}
    if nconf['base']:
        problems.append(f'base: {nconf["base"]} confirmations seen: this is not the tree without 0007')
    if full['series']['totals'] and not nconf['series']:
        problems.append('series: no confirmation seen: this is not the tree with 0007')

    # output ------------------------------------------------------------
    res.update({
        'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        'command': a.command,
        'benchmark_wall_s': a.wall,
        'machine': host_info(),
        'environment': 'QEMU TCG (ARM virt, -smp 2), KUnit; not a board',
        'trees_differ_in': a.trees_diff,
        'kernels': {t: {'release': meta[t].get('release'), 'version': meta[t].get('version'),
                        'tree': getattr(a, f'{t}_desc'), 'label': meta[t].get('tree'),
                        'hz': meta[t].get('hz'), 'high_res_timers': meta[t].get('hres')}
                    for t in TREES},
        'model': {'bd_ns_items_1_2_3_7': 100000, 'bd_ns_scenarios': [10000, 100000, 1000000],
                  'ch0_ns': int(meta['series'].get('ch0_ns', '0') or 0),
                  'periods': int(meta['series'].get('periods', '0') or 0),
                  'period_len': int(meta['series'].get('period_len', '0') or 0),
                  'xrun_at_period': int(meta['series'].get('stop_at', '0') or 0),
                  'documented_bound': 'sdma_run_channel0(): read_poll_timeout_atomic(..., 1, 500), '
                                      f'{ch0_steps} steps of 1 us, at most {bound_reads} reads of HE[0] '
                                      'with the busy check; a prep that meets a confirmation\'s '
                                      f'command polls for it out of the same steps: at most {load_bound} '
                                      'reads; the confirmation reads HE[0] with IRQs off once and then '
                                      'sleeps'},
        'time_honesty': {
            'modelled_hardware_time': 'BD times and channel 0 command times of the SDMA model; '
                                      'the confirmation waits for them',
            'real_software_cost': 'everything else: driver code, terminate worker, usleep_range, '
                                  'udelay, scheduling, measured with ktime_get_ns() in a QEMU TCG guest',
            'software_added': 'STOP->issued minus (STOP->model script "done") minus channel 0 '
                              'commands on the path x ch0_ns',
            'confirm_wait': 'from before the first to after the last read of HE[0] of a '
                            'confirmation: its check under channel_0_lock, then a wait with '
                            'interrupts on (usleep_range between reads)',
            'load_irqs_off': 'from before the first to after the last read of HE[0] of a prep '
                             'under channel_0_lock (interrupts off); the wait for the lock is '
                             'not included'},
        'host_load_during_runs': (open(a.loadavg).read().splitlines()
                                  if a.loadavg and os.path.exists(a.loadavg) else []),
        'problems': problems,
        'rows': [dict(zip(['item', 'metric', 'base', 'series', 'ratio', 'target', 'verdict'], r))
                 for r in rows],
        'raw_latency_samples_ns': {t: {'total': lat[t]['total'], 'hw': lat[t]['hw'],
                                       'sync': smp(t, 'latency sync_ns'),
                                       'floor_total': smp(t, 'floor total_ns')} for t in TREES},
    })
    jpath = os.path.join(a.out, 'bench-results.json')
    with open(jpath, 'w') as f:
        json.dump(res, f, indent=1)
    cpath = os.path.join(a.out, 'bench-results.csv')
    with open(cpath, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['# date', res['date'], 'command', a.command])
        w.writerow(['# machine', json.dumps(res['machine'])])
        for t in TREES:
            w.writerow([f'# kernel {t}', meta[t].get('release'), meta[t].get('version'), getattr(a, f'{t}_desc')])
        w.writerow(['# trees differ in', a.trees_diff])
        w.writerow(['# model', json.dumps(res['model'])])
        w.writerow(['item', 'metric', 'base', 'series', 'ratio', 'target', 'verdict'])
        w.writerows(rows)

    png = os.path.join(a.out, 'bench-recovery.png')
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        fig, axs = plt.subplots(1, 2, figsize=(12, 4.5))
        curves = ((axs[0], 'STOP to restart issued (incl. modelled hw)',
                   (('base', 'tab:red', lat['base']['total']),
                    ('series', 'tab:blue', lat['series']['total']),
                    ('floor (fake DMA)', 'tab:gray', smp('series', 'floor total_ns')))),
                  (axs[1], 'sync_stop: dmaengine_synchronize()',
                   (('base', 'tab:red', smp('base', 'latency sync_ns')),
                    ('series', 'tab:blue', smp('series', 'latency sync_ns')),
                    ('floor (fake DMA)', 'tab:gray', smp('series', 'floor sync_ns')))))
        for ax, title, series in curves:
            for label, c, v in series:
                v = sorted(x / 1000.0 for x in v)
                if not v:
                    continue
                ax.plot(v, [(i + 1) / len(v) for i in range(len(v))], color=c,
                        label=f'{label} (n={len(v)}, median {statistics.median(v):.0f} us)')
            ax.set_xscale('log')
            ax.set_xlabel('us (log)')
            ax.set_ylabel('fraction of XRUN cycles')
            ax.set_title(title)
            ax.grid(True, which='both', alpha=0.3)
            ax.legend(loc='lower right', fontsize=8)
        fig.suptitle('imx-sdma XRUN recovery, series vs series without 0007, SDMA model '
                     '(BD 100 us) in QEMU TCG; not a board', fontsize=10)
        fig.tight_layout()
        fig.savefig(png, dpi=110)
    except Exception as e:   # the table and files are still useful
        problems.append(f'no plot: {e}')
        png = None

    # table ---------------------------------------------------------------
    tpath = os.path.join(a.out, 'bench-table.txt')
    hdr = ['#', 'metric', 'base', 'series', 'ratio', 'target', 'verdict']
    widths = [max(len(str(r[i])) for r in rows + [hdr]) for i in range(len(hdr))]
    out = []
    p = out.append
    p(f'imx-sdma XRUN benchmark, {res["date"]}; {res["environment"]}')
    p(f'base:   {meta["base"].get("release")} {a.base_desc}')
    p(f'series: {meta["series"].get("release")} {a.series_desc}')
    if a.trees_diff:
        p(f'the trees differ only in patch 0007 (and the test case that calls it): {a.trees_diff}')
    p(f'host: {res["machine"]["cpu_model"]}, {res["machine"]["nproc"]} CPUs, '
      f'{res["machine"]["qemu"]}, host kernel {res["machine"]["host_kernel"]}')
    p(f'model: BD 100 us (items 1-3, 6, 7), ch0 command {res["model"]["ch0_ns"] / 1000:.0f} us, '
      f'{res["model"]["periods"]} periods, XRUN at period {res["model"]["xrun_at_period"]}')
    p(f'documented bound of a prep\'s channel 0 section: sdma_run_channel0() polls HE[0] in '
      f'{ch0_steps} steps of 1 us, at most {bound_reads} reads with the busy check ({load_bound} '
      f'if it first waits for a confirmation\'s command out of the same steps); a confirmation '
      f'reads HE[0] with IRQs off at most {cf_irqs_off_bound} time(s), then sleeps')
    if res['host_load_during_runs']:
        p('host load average (1/5/15 min) when each boot started: ' +
          '; '.join(l.split(' load average ')[-1] for l in res['host_load_during_runs']))
    sep = '  '.join('-' * w for w in widths)
    p(sep)
    p('  '.join(str(h).ljust(w) for h, w in zip(hdr, widths)).rstrip())
    p(sep)
    for r in rows:
        p('  '.join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    p(sep)
    p('a / b / c / d: min / median / p99 / max. ratio: series / base (medians).')
    p('Modelled hardware time: the model\'s BD and channel 0')
    p('command times (and the confirmation\'s wait for them). Real software cost: everything')
    p('else (driver, worker, sleep, udelay, scheduling), on QEMU TCG, not a board. Confirm')
    p('wait: from its check of channel 0 to the read that finds its command done, sleeping')
    p('between reads. Prep IRQs off: from the first to the last read of HE[0] with')
    p('channel_0_lock held; the wait for the lock, also with IRQs off, is not included. The')
    p('base has no confirmation: its')
    p('worker sleeps 1-2 ms. The maxima include the host descheduling a vCPU thread of QEMU')
    p('(see the load average above): a few reads of HE[0] can then span milliseconds.')
    p('Item 8: the irqsoff tracer (CONFIG_IRQSOFF_TRACER, ftrace=irqsoff) on a second kernel')
    p('per tree, reset before each XRUN loop and read after it and its teardown: the longest')
    p('section with interrupts off anywhere in the guest during the loop (the model\'s hrtimer')
    p('and sdma_int_handler() included), in TCG time; a host preemption of a vCPU inflates it.')
    for pr in problems:
        p(f'problem: {pr}')
    p(f'results: {tpath}, {jpath}, {cpath}' + (f', {png}' if png else ''))
    if a.wall is not None:
        p(f'benchmark wall time: {a.wall / 60:.1f} min')
    text = '\n'.join(out) + '\n'
    with open(tpath, 'w') as f:
        f.write(text)
    sys.stdout.write(text)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
