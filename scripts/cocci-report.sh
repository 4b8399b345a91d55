#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the series' semantic patch scripts/coccinelle/api/dma_terminate_restart.cocci
# (patch 0022) over the dmaengine client directories of a kernel tree
# (drivers/ and sound/) and write a sorted report. Documentation/coccinelle/
# holds the report on Linux 7.3; check 15 of `make check` makes it again and
# compares.
#
# usage: cocci-report.sh KERNEL_TREE OUTPUT_FILE [TREE_DESCRIPTION]
#
# Environment: SPATCH (default: spatch), JOBS (default: 2),
#              COCCI (default: the .cocci in KERNEL_TREE),
#              SPLIT_ALL (set to 1: run with -D split_all, i.e. report every
#              split pair, not only those whose stop runs in atomic context)
#
# The hit lines are sorted and do not depend on the job scheduling; the only
# line of the output that changes from one run to the next is the
# "# wall time:" line of the header.

set -u
set -o pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: $0 KERNEL_TREE OUTPUT_FILE [TREE_DESCRIPTION]" >&2
	exit 2
fi

TREE=$(realpath -e "$1") || exit 2
OUT=$2
DESC=${3:-}
COCCI=$(realpath -e "${COCCI:-$TREE/scripts/coccinelle/api/dma_terminate_restart.cocci}") || exit 2
SPATCH=${SPATCH:-spatch}
JOBS=${JOBS:-2}
SPLIT_ALL=${SPLIT_ALL:-0}
DIRS="drivers sound"

command -v "$SPATCH" >/dev/null || { echo "$0: $SPATCH not found" >&2; exit 2; }
[ -f "$TREE/Makefile" ] || { echo "$0: $TREE: not a kernel tree" >&2; exit 2; }

# The same options as "make coccicheck MODE=report" would use, minus the
# include path (the script runs with --no-includes): the "Options:" line of
# the .cocci, --timeout 200 from the kernel's .cocciconfig, parmap jobs.
OPT=$(grep "Options:" "$COCCI" | cut -d':' -f2 | xargs)
SPFLAGS="-D report --very-quiet --no-show-diff $OPT --timeout 200"
if [ "$SPLIT_ALL" = 1 ]; then
	SPFLAGS="-D report -D split_all --very-quiet --no-show-diff $OPT --timeout 200"
fi
if [ "$JOBS" != 1 ]; then
	SPFLAGS="$SPFLAGS --jobs $JOBS --chunksize 1"
fi

TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT

VERSION=$("$SPATCH" --version | head -1)
START=$(date +%s.%N)
CMDS=()
for d in $DIRS; do
	cmd="$SPATCH $SPFLAGS --sp-file $COCCI --dir $TREE/$d"
	CMDS+=("$cmd")
	# word splitting of $cmd is intended
	$cmd >"$TMP/$d.out" 2>"$TMP/$d.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "$0: spatch failed (exit $rc) on $TREE/$d:" >&2
		tail -20 "$TMP/$d.err" >&2
		exit $rc
	fi
	# a python exception in a script rule does not always change the
	# exit code: treat it as a failure too
	if grep -q -e "Traceback" -e "^Error" -e "Fatal error" "$TMP/$d.err"; then
		echo "$0: spatch reported an error on $TREE/$d:" >&2
		tail -20 "$TMP/$d.err" >&2
		exit 1
	fi
done
END=$(date +%s.%N)
WALL=$(echo "$END - $START" | bc)

if [ -z "$DESC" ]; then
	DESC="Linux $(awk -F' = ' '/^VERSION =/{v=$2} /^PATCHLEVEL =/{p=$2}
		/^SUBLEVEL =/{s=$2} /^EXTRAVERSION =/{e=$2}
		END{printf "%s.%s.%s%s", v, p, s, e}' "$TREE/Makefile")"
	if git -C "$TREE" rev-parse --git-dir >/dev/null 2>&1; then
		DESC="$DESC, git $(git -C "$TREE" describe --tags --always 2>/dev/null)"
	fi
fi

cat "$TMP"/*.out >"$TMP/all.out"
cat "$TMP"/*.err >"$TMP/all.err"

TREE="$TREE" COCCI="$COCCI" VERSION="$VERSION" WALL="$WALL" DESC="$DESC" \
JOBS="$JOBS" SPLIT_ALL="$SPLIT_ALL" python3 - "$TMP/all.out" "$TMP/all.err" "${CMDS[@]}" >"$TMP/report" <<'EOF'
import os
import re
import sys

tree = os.environ['TREE'].rstrip('/') + '/'

# Provider of the clients whose device tree bindings or Kconfig tie them to
# one DMA provider driver; every other client gets "various".
PROVIDERS = {
    'drivers/tty/serial/imx.c':
        'imx-sdma (DT: the dmas of every i.MX UART node point to an SDMA, &sdma/&sdma1)',
    'drivers/mmc/host/mxcmmc.c':
        'imx-dma on i.MX27 (DT: dmas = <&dma 7>), imx-sdma on i.MX31 (&sdma), mpc512x_dma on MPC5121 (&dma0)',
    'sound/soc/fsl/fsl_asrc_dma.c':
        'imx-sdma (i.MX6/7/8M ASRC and EASRC: &sdma/&sdma2) or fsl-edma (i.MX8QM/QXP, i.MX952 ASRC: &edma0/&edma2)',
    'drivers/tty/serial/8250/8250_omap.c':
        'ti-edma (AM33xx: &edma) or omap-dma (OMAP3: &sdma, DRA7: &sdma_xbar); K3 UART nodes have no dmas',
    'drivers/tty/serial/fsl_lpuart.c':
        'fsl-edma (DT: the dmas of every LPUART node point to an eDMA, &edma0-&edma4)',
    'drivers/tty/serial/serial-tegra.c':
        'tegra20-apb-dma (Tegra20-210: &apbdma) or tegra186-gpc-dma (Tegra186 and later: &gpcdma)',
    'drivers/tty/serial/samsung_tty.c':
        'pl330 (Exynos UART nodes: &pdma0/&pdma1)',
    'drivers/tty/serial/sh-sci.c':
        'a Renesas DMAC (rcar-dmac, rz-dmac or sh-dma; DT: &dmac0/&dmac1)',
    'drivers/tty/serial/atmel_serial.c':
        'at_hdmac (AT91SAM9, SAMA5D3) or at_xdmac (SAMA5D2/D4, SAM9X60, SAMA7; DT: &dma0/&dma1)',
    'drivers/tty/serial/msm_serial.c':
        'qcom bam_dma (DT: &blsp*_dma, qcom,bam-v1.7.0)',
    'drivers/tty/serial/sprd_serial.c':
        'sprd-dma (Spreadtrum UART; no in-tree DT gives it dmas)',
    'drivers/tty/serial/stm32-usart.c':
        'stm32-dma via stm32-dmamux (STM32F7/H7/MP1: &dmamux1) or stm32-dma3 (STM32MP25: &hpdma)',
    'drivers/net/ethernet/micrel/ks8842.c':
        'timb_dma (the KS8842 behind the Timberdale FPGA)',
    'sound/soc/sprd/sprd-pcm-dma.c':
        'sprd-dma (Kconfig: SND_SOC_SPRD depends on ARCH_SPRD)',
    'sound/soc/sprd/sprd-pcm-compress.c':
        'sprd-dma (Kconfig: SND_SOC_SPRD depends on ARCH_SPRD)',
    'sound/soc/stm/stm32_spdifrx.c':
        'stm32-dma via stm32-dmamux (&dmamux1) or stm32-dma3 (STM32MP25: &hpdma)',
}

hit_re = re.compile(
    r'^(?P<file>[^:]+):(?P<line>\d+):\d+-\d+: '
    r'(?P<tf>dmaengine_terminate_(?:async|all))\((?P<e>.*?)\) '
    r'\[(?P<kind>async|terminate_all)\] -> '
    r'(?P<rf>\w+)\((?P<r>.*?)\) at (?P<rfile>[^:]+):(?P<rline>\d+) '
    r'\[(?P<cat>same function|helper|split): (?P<where>.*?)\]'
    r'(?P<extra>.*)$')
# the atomic context of the stop, at the end of the line (older versions
# of the semantic patch print none: "-")
why_re = re.compile(r'\[atomic: (?P<why>[^\]]*)\]$')

rows = []
bad = []
with open(sys.argv[1]) as f:
    for line in f:
        line = line.rstrip('\n')
        if not line.strip():
            continue
        m = hit_re.match(line)
        if not m:
            bad.append(line)
            continue
        file = m.group('file')
        rfile = m.group('rfile')
        if file.startswith(tree):
            file = file[len(tree):]
        if rfile.startswith(tree):
            rfile = rfile[len(tree):]
        w = why_re.search(m.group('extra'))
        rows.append((file, int(m.group('line')), rfile, int(m.group('rline')),
                     m.group('where'), m.group('kind'), m.group('cat'),
                     w.group('why') if w else '-'))

if bad:
    sys.stderr.write('unparsed spatch output:\n' + '\n'.join(bad) + '\n')
    sys.exit(1)

rows = sorted(set(rows))
cats = ['same function', 'helper', 'split']
count = dict((c, 0) for c in cats)
for r in rows:
    count[r[6]] += 1
files = sorted(set(r[0] for r in rows))

notes = []
with open(sys.argv[2]) as f:
    for line in f:
        if re.search(r'timeout|TIMEOUT', line):
            notes.append(line.strip())

print('# dmaengine: terminate_async/terminate_all followed by a restart with no synchronize')
print('# semantic patch: %s' % os.path.basename(os.environ['COCCI']))
print('# tree: %s' % os.environ['DESC'])
print('# directories: drivers/ sound/')
print('# spatch: %s' % os.environ['VERSION'])
for c in sys.argv[3:]:
    c = c.replace(os.environ['COCCI'], os.path.basename(os.environ['COCCI']))
    c = c.replace(tree, '')
    print('# command: %s' % c)
print('# wall time: %.1f s (spatch, %s jobs, both directories)' % (
    float(os.environ['WALL']), os.environ['JOBS']))
print('# spatch timeouts: %d%s' % (len(notes), ''.join('\n#   ' + n for n in sorted(set(notes)))))
sep = sum(1 for r in rows if r[6] == 'split' and 'separate calls' in r[4])
kinds = dict((k, sum(1 for r in rows if r[5] == k))
             for k in ('async', 'terminate_all'))
print('# hits: %d in %d files; same function: %d, helper: %d, split: %d' % (
    len(rows), len(files), count['same function'], count['helper'],
    count['split']))
print('#   split hits within one function, across separate calls: %d' % sep)
if os.environ.get('SPLIT_ALL') == '1':
    print('#   split level: every pair (-D split_all); atomic stop: %d, other: %d' % (
        sum(1 for r in rows if r[6] == 'split' and r[7] != '-'),
        sum(1 for r in rows if r[6] == 'split' and r[7] == '-')))
else:
    print('#   split level: only stops in atomic context (-D split_all: every pair)')
def why_kind(why):
    # first (most direct) reason, without its detail
    first = why.split(', ')[0]
    via = ' via ' in first
    first = first.split(' via ')[0]
    for k in ('uart op', 'ata op', 'musb dma op'):
        if first.startswith(k):
            first = k
    return first, via
kinds_seen = {}
via_n = 0
for r in rows:
    if r[6] == 'split' and r[7] != '-':
        k, via = why_kind(r[7])
        kinds_seen[k] = kinds_seen.get(k, 0) + 1
        via_n += via
order = ['lock', 'irqs off', 'uart op', 'trigger op', 'ata op', 'musb dma op', 'timer', 'irq',
         'tasklet', 'dma callback']
print('#   split hits by atomic context of the stop (first reason): %s; through a caller: %d' % (
    ', '.join('%s %d' % (k, kinds_seen[k])
              for k in order + sorted(set(kinds_seen) - set(order))
              if k in kinds_seen) or 'none', via_n))
print('#   terminate kind: async %d, terminate_all %d' % (
    kinds['async'], kinds['terminate_all']))
print('#   hits with a provider from the table in scripts/cocci-report.sh: %d (others: various)' %
      sum(1 for r in rows if r[0] in PROVIDERS))
print('# A hit is a candidate, not a proven race: see the .cocci header.')
print('# format: file:line (terminate) -> file:line (restart) function(s) | async|terminate_all | category | atomic: why the stop cannot sleep (-: not seen) | provider')
print('#')
for (file, line, rfile, rline, where, kind, cat, why) in rows:
    prov = PROVIDERS.get(file, 'various')
    print('%s:%d -> %s:%d %s | %s | %s | atomic: %s | %s' % (
        file, line, rfile, rline, where, kind, cat, why, prov))
EOF
rc=$?
if [ $rc -ne 0 ]; then
	echo "$0: post-processing failed" >&2
	exit $rc
fi
cp "$TMP/report" "$OUT"
