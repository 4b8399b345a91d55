#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the "BENCH" lines of the imx-sdma-bench KUnit suite into a report.

Usage: bench-report.py --out DIR --base LOG... --series LOG... [options]

Every LOG is a raw kernel log (kunit.py's test.log) of one QEMU boot. The
first LOG of each tree has the whole suite; further LOGs may hold only the
fast-path case (more boots, for the run-to-run spread). Prints one table,
writes DIR/bench-results.json, DIR/bench-results.csv and
DIR/bench-recovery.png. Exit 0 if the logs were complete and no run had a
correctness failure (a missed performance target is reported, not fatal);
1 otherwise.
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

LINE = re.compile(r'BENCH (meta|totals|samples|fastpath|sustained|hammer|floor) (.*)$')


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
    """One log: {'meta': {}, 'totals': [..], 'samples': {key: [..]},
    'fastpath': [..], 'sustained': {..}}."""
    r = {'meta': {}, 'totals': [], 'samples': {}, 'fastpath': [],
         'sustained': {}, 'hammer': {}, 'floor': {}, 'ktap': []}
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            if re.match(r'\s*(not ok|ok) \d+ ', line):
                r['ktap'].append(line.strip())
            m = LINE.search(line)
            if not m:
                continue
            kind, body = m.groups()
            if kind == 'meta':
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
                r['totals'].append(d)
            elif kind == 'fastpath':
                d, _ = kv(body.split())
                r['fastpath'].append(d)
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


def us(ns):
    return None if ns is None else ns / 1000.0


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--base', nargs='+', required=True)
    ap.add_argument('--series', nargs='+', required=True)
    ap.add_argument('--base-desc', default='')
    ap.add_argument('--series-desc', default='')
    ap.add_argument('--base-vmlinux')
    ap.add_argument('--series-vmlinux')
    ap.add_argument('--objdump', default='arm-linux-gnueabihf-objdump')
    ap.add_argument('--command', default='make bench')
    ap.add_argument('--wall', type=float, default=None, help='benchmark wall time, s')
    ap.add_argument('--loadavg', help='file with the host load average at each boot')
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    logs = {'base': [parse(p) for p in a.base], 'series': [parse(p) for p in a.series]}
    full = {t: logs[t][0] for t in logs}
    problems = []
    for t in logs:
        if not full[t]['meta']:
            problems.append(f'{t}: no BENCH meta line in {getattr(a, t)[0]}')
        bad = [l for log in logs[t] for l in log['ktap'] if l.startswith('not ok')]
        for l in bad:
            problems.append(f'{t}: KUnit {l}')

    def totals(t, what):
        for d in full[t]['totals']:
            if d['what'] == what or d['what'].startswith(what):
                return d
        return None

    rows = []   # item, metric, base, series, ratio, target, verdict

    def row(item, metric, b, s, ratio='', target='', verdict=''):
        rows.append([item, metric, b, s, ratio, target, verdict])

    res = {'items': {}}

    # 1 ----------------------------------------------------------------
    lat = {}
    for t in logs:
        smp = full[t]['samples']
        tot = smp.get('latency total_ns', [])
        hw = smp.get('latency hw_ns', [])
        n = min(len(tot), len(hw))
        sw = [tot[i] - hw[i] for i in range(n)]
        lat[t] = {'total': tot[:n], 'hw': hw[:n], 'sw': sw,
                  'd_total': dist(tot[:n]), 'd_hw': dist(hw[:n]), 'd_sw': dist(sw)}
    i1 = {}
    for key, label in (('d_sw', 'software-added'), ('d_total', 'total STOP->issued'),
                       ('d_hw', 'of which modelled hw')):
        b, s = lat['base'][key], lat['series'][key]
        i1[key] = {'base': b, 'series': s}
        for stat in ('min', 'median', 'p99', 'max'):
            ratio = (s[stat] / b[stat]) if b and s and b[stat] else None
            tgt = verdict = ''
            if key == 'd_sw' and stat in ('median', 'p99'):
                tgt = 'series <= 5% of base'
                verdict = 'n/a' if ratio is None else ('met' if ratio <= 0.05 else 'MISSED')
                i1[f'ratio_{stat}'] = ratio
                i1[f'verdict_{stat}'] = verdict
            if key == 'd_hw':
                ratio = None    # the same modelled time on both
            row('1', f'{label} {stat} (us)',
                fmt_us(b[stat]) if b else '-', fmt_us(s[stat]) if s else '-',
                f'{ratio * 100:.1f}%' if ratio is not None else '', tgt, verdict)
    i1['cycles'] = {t: len(lat[t]['total']) for t in lat}
    # Where the time goes, per cycle: STOP call, wake-up of the client
    # thread, dmaengine_synchronize(), START (prep, submit, issue).
    i1['breakdown_median_ns'] = {}
    for t in lat:
        smp = full[t]['samples']
        parts = [smp.get(f'latency {k}_ns', []) for k in ('stop', 'wake', 'sync')]
        n = min([len(lat[t]['total'])] + [len(p) for p in parts])
        if not n:
            continue
        start = [lat[t]['total'][i] - sum(p[i] for p in parts) for i in range(n)]
        i1['breakdown_median_ns'][t] = {
            k: statistics.median(v[:n]) for k, v in
            (('stop_call', parts[0]), ('wake_up', parts[1]), ('synchronize', parts[2]),
             ('start', start))}
    bd = i1['breakdown_median_ns']
    if bd:
        fmtb = lambda t: (' / '.join(f'{bd[t][k] / 1000:.0f}' for k in
                                     ('stop_call', 'wake_up', 'synchronize', 'start'))
                          if t in bd else '-')
        row('1', 'medians: STOP / wake-up / synchronize / START (us)', fmtb('base'),
            fmtb('series'), '', '', '')
    res['items']['1_recovery_latency'] = i1

    # 2 ----------------------------------------------------------------
    # The bound the driver documents is a number of reads of HE[0]
    # (iopoll counts its 1 us steps, not time): the STOP may read it at most
    # bound_polls times. Wall time is reported; in QEMU every read is a
    # call into the model, so it is no board figure.
    bound_us = int(full['series']['meta'].get('bound_us', '0') or 0)
    bound_polls = int(full['series']['meta'].get('bound_polls', '0') or 0)
    i2 = {'bound_us': bound_us, 'bound_polls': bound_polls, 'bd': {}}

    def polls_verdict(v):
        if not v:
            return 'n/a', 0
        over = sum(1 for x in v if x > bound_polls)
        return ('met' if bound_polls and not over else f'MISSED ({over}/{len(v)} over)'), over

    def stop_counts(d):
        return (f'{d.get("stop_ok")} / {d.get("stop_busy", "0")} / {d.get("stop_timeout")}'
                if d else '-')

    for bd in ('10000', '100000', '1000000'):
        ds = {}
        for t in logs:
            smp = full[t]['samples']
            st = smp.get(f'stop_ns bd_ns={bd}', [])
            y = smp.get(f'yield_ns bd_ns={bd}', [])
            ds[t] = {'stop': dist(st),
                     'excess': dist([st[i] - y[i] for i in range(min(len(st), len(y)))])}
        pv = full['series']['samples'].get(f'polls bd_ns={bd}', [])
        verdict, over = polls_verdict(pv)
        tt = [d for d in full['series']['totals'] if d['what'] == 'stop' and d.get('bd_ns') == bd]
        i2['bd'][bd] = {'series_stop_call_ns': ds['series']['stop'],
                        'series_polls': dist(pv),
                        'series_stop_call_beyond_model_yield_ns': ds['series']['excess'],
                        'base_stop_call_ns': ds['base']['stop'],
                        'series_ok_busy_timeout': stop_counts(tt[0] if tt else None),
                        'samples_over_bound': over, 'verdict': verdict}
        row('2', f'BD {int(bd) // 1000} us, IRQs off in STOP min/med/p99/max (us)',
            dist_str(ds['base']['stop']) + ' (async)', dist_str(ds['series']['stop']), '', '', '')
        row('2', '  reads of HE[0] in it, max', '', str(dist(pv)['max']) if pv else '-', '',
            f'<= {bound_polls}', verdict)
        row('2', '  returned 0 / -EBUSY / -ETIMEDOUT', '', stop_counts(tt[0] if tt else None), '', '', '')
    st = dist(full['series']['samples'].get('stop_ns stuck', []))
    pv = full['series']['samples'].get('polls stuck', [])
    verdict, over = polls_verdict(pv)
    stt = totals('series', 'stop stuck')
    i2['stuck'] = {'series_stop_call_ns': st, 'series_polls': dist(pv), 'totals': stt,
                   'verdict': verdict}
    row('2', 'never yields: IRQs off in STOP min/med/p99/max (us)', 'n/a', dist_str(st), '', '', '')
    row('2', '  reads of HE[0] in it, max', '', str(dist(pv)['max']) if pv else '-', '',
        f'<= {bound_polls}', verdict)
    if stt:
        row('2', '  returned 0 / -EBUSY / -ETIMEDOUT', '', stop_counts(stt), '', '', '')
    res['items']['2_atomic_stop_wait'] = i2

    # 3 ----------------------------------------------------------------
    # Per boot: the median over its rounds of the per-call time (median
    # batch, minus the setup loop). Rounds within a boot agree closely;
    # boots of the same kernel do not (TCG, memory placement), so the
    # trees are compared by the median over boots, with the boot spread.
    i3 = {}
    for t in logs:
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
        i3[t] = {'boots': boots,
                 'median_ns': statistics.median(med) if med else None,
                 'boot_spread_pct': (100.0 * (max(med) - min(med)) / statistics.median(med)) if med else None,
                 'max_round_spread_pct': max((b['round_spread_pct'] for b in boots), default=None)}
    b, s = i3['base'].get('median_ns'), i3['series'].get('median_ns')
    ratio = s / b if b and s else None
    noise = max(i3['base']['boot_spread_pct'] or 0, i3['series']['boot_spread_pct'] or 0)
    if ratio is None:
        verdict = 'n/a'
    elif abs(ratio - 1) <= 0.01:
        verdict = 'met'
    elif noise > 100 * abs(ratio - 1):
        verdict = f'not resolved (boot spread {noise:.0f}%)'
    else:
        verdict = 'MISSED'
    i3['ratio'] = ratio
    i3['verdict_timing'] = verdict
    row('3', 'int handler + callback per IRQ, median of boots (ns)',
        f'{b:.0f}' if b else '-', f'{s:.0f}' if s else '-',
        f'{ratio:.3f}' if ratio else '', 'within 1% of base', verdict)
    fmtboots = lambda t: ('/'.join(f'{x["median_ns"]:.0f}' for x in i3[t]['boots']) +
                          f' ({i3[t]["boot_spread_pct"]:.0f}%)') if i3[t]['boots'] else '-'
    row('3', '  per boot (spread); rounds within a boot differ <= ' +
        f'{max(i3["base"]["max_round_spread_pct"] or 0, i3["series"]["max_round_spread_pct"] or 0):.1f}%',
        fmtboots('base'), fmtboots('series'), '', '', '')
    hb = [x['hook_median_ns'] for x in i3['base']['boots']]
    hs = [x['hook_median_ns'] for x in i3['series']['boots']]
    row('3', '  of which the model\'s STATSTOP-read hook (ns)',
        f'{statistics.median(hb):.0f}' if hb else '-', f'{statistics.median(hs):.0f}' if hs else '-',
        '', '', '')
    funcs = ['sdma_int_handler', 'sdma_update_channel_loop']
    ib = insns(a.base_vmlinux, a.objdump, funcs)
    isr = insns(a.series_vmlinux, a.objdump, funcs)
    if ib and isr:
        fs = [f for f in funcs if f in ib or f in isr]
        imm = lambda v: [re.sub(r'#-?(0x)?[0-9a-f]+', '#N', x) for x in v]
        same = all(ib.get(f) == isr.get(f) for f in fs)
        same_ops = all(imm(ib.get(f, [])) == imm(isr.get(f, [])) for f in fs)
        ndiff = sum(sum(1 for x, y in zip(ib.get(f, []), isr.get(f, [])) if x != y) for f in fs)
        counts = {f: (len(ib.get(f, [])), len(isr.get(f, []))) for f in fs}
        i3['static_insns'] = {'functions': counts, 'identical': same,
                              'identical_but_immediates': same_ops,
                              'instructions_with_other_immediates': ndiff}
        row('3', 'machine code of ' + ', '.join(f'{f} ({c[0]}/{c[1]} insns)' for f, c in counts.items()),
            '', 'identical' if same else (f'same instructions, {ndiff} with other offsets'
                                          if same_ops else 'different instructions'),
            '', 'same instructions', 'met' if same_ops else 'differs')
    res['items']['3_fast_path'] = i3

    # 4 ----------------------------------------------------------------
    i4 = {}
    for t in logs:
        d = totals(t, 'sustained')
        if not d:
            i4[t] = None
            continue
        cyc, wall = int(d['cycles']), int(d['wall_ns'])
        i4[t] = {'cycles': cyc, 'wall_s': wall / 1e9, 'cycles_per_s': cyc / (wall / 1e9) if wall else None,
                 'failures': int(d['failures']), 'freed_in_use': int(d['freed_in_use']),
                 'no_callbacks': int(d['no_callbacks']), 'stop_timeout': int(d['stop_timeout']),
                 'percentiles': full[t]['sustained']}
    sv = i4.get('series')
    ok = sv and sv['cycles'] >= 100000 and sv['failures'] == 0
    i4['verdict'] = 'met' if ok else 'MISSED'
    fmt4 = lambda x: (f'{x["cycles"]} cycles, {x["failures"]} failures, {x["cycles_per_s"]:.0f}/s'
                      if x else '-')
    cb, cs = (i4['base'] or {}).get('cycles_per_s'), (sv or {}).get('cycles_per_s')
    row('4', 'XRUN cycles sustained', fmt4(i4['base']), fmt4(sv),
        f'{cs / cb:.1f}x' if cb and cs else '', '100000 cycles, 0 failures', i4['verdict'])
    if sv:
        row('4', '  series: freed in use / no callbacks / stop timeouts', '',
            f'{sv["freed_in_use"]} / {sv["no_callbacks"]} / {sv["stop_timeout"]}', '', '', '')
    res['items']['4_sustained'] = i4

    def stop_item(item, label, what):
        """Items 5 and 6: the STOP's time, its reads of HE[0] against the
        bound and how the stops ended, from the samples '<what> stop_ns'
        and '<what> polls' and the totals line <what>."""
        d = {}
        for t in logs:
            smp = full[t]['samples']
            d[t] = {'stop_ns': dist(smp.get(f'{what} stop_ns', [])),
                    'polls': dist(smp.get(f'{what} polls', [])), 'totals': totals(t, what)}
        pv = full['series']['samples'].get(f'{what} polls', [])
        d['verdict'], _ = polls_verdict(pv)
        row(item, f'{label}: IRQs off in STOP (us)',
            dist_str(d['base']['stop_ns']) + ' (async)', dist_str(d['series']['stop_ns']), '', '', '')
        row(item, '  reads of HE[0] in it, max', '', str(d['series']['polls']['max']) if pv else '-',
            '', f'<= {bound_polls}', d['verdict'])
        row(item, '  returned 0 / -EBUSY / -ETIMEDOUT', '', stop_counts(d['series']['totals']), '', '', '')
        return d

    # 5 ----------------------------------------------------------------
    i5 = stop_item('5', 'ch0 hammered from the other CPU', 'hammer')
    for t in logs:
        i5[t]['total_ns'] = dist(full[t]['samples'].get('hammer total_ns', []))
        i5[t]['hammer'] = full[t]['hammer']
    row('5', '  recovery STOP->issued (us)', dist_str(i5['base']['total_ns']),
        dist_str(i5['series']['total_ns']), '', '', '')
    row('5', '  context loads by the other CPU', i5['base']['hammer'].get('loads', '-'),
        i5['series']['hammer'].get('loads', '-'), '', '', '')
    res['items']['5_stop_with_ch0_hammer'] = i5

    # 6 ----------------------------------------------------------------
    res['items']['6_stop_with_prio7_channel'] = stop_item(
        '6', 'other channel at prio 7 busy', 'prio7')

    # 7 ----------------------------------------------------------------
    i7 = {}
    for t in logs:
        i7[t] = {'floor_total_ns': dist(full[t]['samples'].get('floor total_ns', [])),
                 'floor': full[t]['floor']}
    fl = i7['series']['floor_total_ns']
    row('7', 'floor: same XRUN loop on the fake provider (us)', dist_str(i7['base']['floor_total_ns']),
        dist_str(fl), '', '', '')
    for t in ('base', 'series'):
        d = lat[t]['d_total']
        f = i7[t]['floor_total_ns']
        if d and f and f['median']:
            i7[f'{t}_median_over_floor'] = d['median'] / f['median']
    row('7', '  imx-sdma recovery median / floor median',
        f"{i7.get('base_median_over_floor', 0):.1f}x" if 'base_median_over_floor' in i7 else '-',
        f"{i7.get('series_median_over_floor', 0):.1f}x" if 'series_median_over_floor' in i7 else '-',
        '', '', '')
    res['items']['7_floor'] = i7

    for t in logs:
        for d in full[t]['totals']:
            if int(d.get('failures', '0')) and d['what'] not in ('stop stuck', 'prio7'):
                problems.append(f'{t}: {d["what"]}: {d["failures"]} failures')

    # output ------------------------------------------------------------
    meta = {t: full[t]['meta'] for t in logs}
    res.update({
        'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        'command': a.command,
        'benchmark_wall_s': a.wall,
        'machine': host_info(),
        'environment': 'QEMU TCG (ARM virt, -smp 2), KUnit; not a board',
        'kernels': {t: {'release': meta[t].get('release'), 'version': meta[t].get('version'),
                        'tree': getattr(a, f'{t}_desc'), 'atomic_stop': meta[t].get('atomic_stop'),
                        'hz': meta[t].get('hz'), 'high_res_timers': meta[t].get('hres')}
                    for t in logs},
        'model': {'bd_ns_items_1_4': 100000, 'bd_ns_item_2': [10000, 100000, 1000000],
                  'ch0_ns': int(meta['series'].get('ch0_ns', '0') or 0),
                  'periods': int(meta['series'].get('periods', '0') or 0),
                  'period_len': int(meta['series'].get('period_len', '0') or 0),
                  'xrun_at_period': int(meta['series'].get('stop_at', '0') or 0),
                  'documented_bound_us': bound_us, 'documented_bound_polls': bound_polls},
        'time_honesty': {
            'modelled_hardware_time': 'BD times and channel 0 command times of the SDMA model; '
                                      'the busy-wait of the atomic stop waits for them',
            'real_software_cost': 'everything else: driver code, terminate worker, usleep_range, '
                                  'scheduling, measured with ktime_get_ns() in a QEMU TCG guest',
            'software_added': 'STOP->issued minus (STOP->model script "done") minus channel 0 '
                              'commands on the path x ch0_ns'},
        'host_load_during_runs': (open(a.loadavg).read().splitlines()
                                  if a.loadavg and os.path.exists(a.loadavg) else []),
        'problems': problems,
        'rows': [dict(zip(['item', 'metric', 'base', 'series', 'ratio', 'target', 'verdict'], r))
                 for r in rows],
        'raw_latency_samples_ns': {t: {'total': lat[t]['total'], 'hw': lat[t]['hw']} for t in lat},
    })
    jpath = os.path.join(a.out, 'bench-results.json')
    with open(jpath, 'w') as f:
        json.dump(res, f, indent=1)
    cpath = os.path.join(a.out, 'bench-results.csv')
    with open(cpath, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['# date', res['date'], 'command', a.command])
        w.writerow(['# machine', json.dumps(res['machine'])])
        for t in logs:
            w.writerow([f'# kernel {t}', meta[t].get('release'), meta[t].get('version'), getattr(a, f'{t}_desc')])
        w.writerow(['# model', json.dumps(res['model'])])
        w.writerow(['item', 'metric', 'base', 'series', 'ratio', 'target', 'verdict'])
        w.writerows(rows)

    png = os.path.join(a.out, 'bench-recovery.png')
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        fig, axs = plt.subplots(1, 2, figsize=(12, 4.5))
        for ax, key, title in ((axs[0], 'sw', 'software-added recovery latency'),
                               (axs[1], 'total', 'STOP to restart issued (incl. modelled hw)')):
            for t, c in (('base', 'tab:red'), ('series', 'tab:blue')):
                v = sorted(x / 1000.0 for x in lat[t][key])
                if not v:
                    continue
                ax.plot(v, [(i + 1) / len(v) for i in range(len(v))], color=c,
                        label=f'{t} (n={len(v)}, median {statistics.median(v):.0f} us)')
            ax.set_xscale('log')
            ax.set_xlabel('us (log)')
            ax.set_ylabel('fraction of XRUN cycles')
            ax.set_title(title)
            ax.grid(True, which='both', alpha=0.3)
            ax.legend(loc='lower right', fontsize=8)
        fig.suptitle('imx-sdma XRUN recovery, SDMA model (BD 100 us) in QEMU TCG; not a board',
                     fontsize=10)
        fig.tight_layout()
        fig.savefig(png, dpi=110)
    except Exception as e:   # the table and files are still useful
        problems.append(f'no plot: {e}')
        png = None

    # table ---------------------------------------------------------------
    hdr = ['#', 'metric', 'base', 'series', 'ratio', 'target', 'verdict']
    widths = [max(len(str(r[i])) for r in rows + [hdr]) for i in range(len(hdr))]
    widths[1] = min(widths[1], 58)
    print(f'imx-sdma XRUN benchmark, {res["date"]}; {res["environment"]}')
    print(f'base:   {meta["base"].get("release")} {getattr(a, "base_desc")}')
    print(f'series: {meta["series"].get("release")} {getattr(a, "series_desc")}')
    print(f'host: {res["machine"]["cpu_model"]}, {res["machine"]["nproc"]} CPUs, '
          f'{res["machine"]["qemu"]}, host kernel {res["machine"]["host_kernel"]}')
    print(f'model: BD 100 us (items 1, 3, 4), ch0 command {res["model"]["ch0_ns"] / 1000:.0f} us, '
          f'{res["model"]["periods"]} periods, XRUN at period {res["model"]["xrun_at_period"]}; '
          f'documented bound {bound_polls} reads of HE[0] (SDMA_STOP_TIMEOUT_US {bound_us} steps of 1 us)')
    if res['host_load_during_runs']:
        print('host load average (1/5/15 min) when each boot started: ' +
              '; '.join(l.split(' load average ')[-1] for l in res['host_load_during_runs']))
    sep = '  '.join('-' * w for w in widths)
    print(sep)
    print('  '.join(str(h).ljust(w) for h, w in zip(hdr, widths)))
    print(sep)
    for r in rows:
        print('  '.join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    print(sep)
    print('Modelled hardware time: the model\'s BD and channel 0 command times (and the atomic')
    print('stop\'s wait for them). Real software cost: everything else, on QEMU TCG, not a board.')
    for p in problems:
        print(f'problem: {p}')
    print(f'results: {jpath}, {cpath}' + (f', {png}' if png else ''))
    if a.wall is not None:
        print(f'benchmark wall time: {a.wall / 60:.1f} min')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
