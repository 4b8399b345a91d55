#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Judge the serial log of a sabrelite boot (see boot-qemu.sh).
# Usage: scripts/boot-verdict.sh SRC OUT

. "$(dirname "$0")/lib.sh"

SRC=${1:?}; OUT=${2:?}
LOG=$OUT/boot.log
[ -f "$LOG" ] || die "no boot log $LOG"

expected=$(cat "$OUT/include/config/kernel.release" 2>/dev/null)
head12=$(git -C "$SRC" rev-parse --short=12 HEAD)
fail=0
verdict() { printf '  %-44s %s\n' "$1" "$2"; [ "$2" = ok ] || fail=1; }
# tap_passed TOTALS EXIT: a kselftest "# Totals:" line with passes and no
# failure, and exit status 0.
tap_passed() {
	[[ $1 =~ pass:([0-9]+)\ fail:([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -gt 0 ] &&
		[ "${BASH_REMATCH[2]}" -eq 0 ] && [ "$2" = 0 ]
}

echo "Boot verdict ($LOG):"
banner=$(grep -a -m1 '^\[.*\] Linux version ' "$LOG" | sed 's/^\[[^]]*\] //')
echo "  banner: ${banner:-<none>}"
if [ -n "$expected" ] && echo "$banner" | grep -qF "Linux version $expected " &&
   [[ $expected == *"-g$head12"* ]] &&
   grep -aqF "INIT: release: $expected " "$LOG"; then
	verdict "kernel reports the patched release" ok
else
	verdict "kernel reports the patched release" "FAIL (want $expected, HEAD $head12)"
fi

if grep -aq '^INIT: imx-sdma bound: ' "$LOG"; then
	verdict "imx-sdma probed ($(grep -a '^INIT: imx-sdma bound: ' "$LOG" | head -1 | cut -d' ' -f4))" ok
else
	verdict "imx-sdma probed" "FAIL ($(grep -a '^INIT: imx-sdma' "$LOG" | head -1))"
fi

pat='WARNING:|BUG:|Oops|Kernel panic|lockdep is turned off|INFO: trying to register non-static key|possible circular locking|possible recursive locking|inconsistent lock state|INFO: task .* blocked|KASAN:|sleeping function called from invalid context|Unable to handle kernel|list_add corruption|list_del corruption|rcu_.*stall|DMA or IRQ trouble'
if grep -aEq "$pat" "$LOG"; then
	verdict "no WARNING/BUG/lockdep/KASAN report" "FAIL"
	grep -aE "$pat" "$LOG" | head -10 | sed 's/^/    /'
else
	verdict "no WARNING/BUG/lockdep/KASAN report" ok
fi

qrc=$(cat "$OUT/boot.qemu-rc" 2>/dev/null)
# Power-off: init asked for it after its checks, the kernel went through
# its shutdown path to the final message, and QEMU exited by itself with
# status 0 (not killed by the timeout). On sabrelite the final message is
# "reboot: Restarting system" (see tests/initramfs/init.c).
# A kernel without a restart handler prints "Reboot failed -- System
# halted" and hangs: that is no clean end, even if QEMU was then stopped
# from outside with status 0.
if grep -aq '^INIT: powering off' "$LOG" &&
   grep -aEq 'reboot: (Power down|Restarting system)' "$LOG" &&
   ! grep -aEq 'Reboot failed|System halted' "$LOG" && [ "$qrc" = 0 ]; then
	verdict "machine powered off cleanly" ok
else
	verdict "machine powered off cleanly" "FAIL (qemu rc ${qrc:-?}; last line: $(tail -n1 "$LOG" | cut -c1-60))"
fi

# With a selftest staged (boot-qemu.sh's third argument; it leaves
# OUT/boot.selftest), its result is part of the verdict: the launcher
# (tests/initramfs/selftest-run.c) exited 0 and each run's TAP totals count
# passes and no failure. The ALSA kselftest's per-PCM statistics ("#
# xrun-stats ...") are printed.
# section FROM TO: the log's lines from the one starting with FROM to the
# one starting with TO, carriage returns removed.
section() { tr -d '\r' <"$LOG" | sed -n "\|^$1|,\|^$2|p"; }
if [ -f "$OUT/boot.selftest" ]; then
	echo "  selftest: $(cat "$OUT/boot.selftest")"
	st_exit=$(sed -n 's/^INIT: selftest exit: \([0-9]*\).*/\1/p' "$LOG" | head -1)
	# snd-dummy, the control: the kselftest run (after the bad-input
	# checks, whose output is quoted) and the alsa-utils client.
	dummy=$(section 'RUN: /selftest/pcm-xrun-test ' 'RUN: /selftest/pcm-xrun-test exit ')
	echo "$dummy" | grep -a '^# xrun-stats ' | sed 's/^/    /'
	totals=$(echo "$dummy" | grep -a -m1 '^# Totals: ')
	kexit=$(echo "$dummy" | sed -n 's/^RUN: \/selftest\/pcm-xrun-test exit \([0-9]*\); bad-input checks ok$/\1/p')
	if tap_passed "$totals" "$kexit"; then
		verdict "kselftest passed (${totals#\# Totals: })" ok
	else
		verdict "kselftest passed" "FAIL (${totals:-no TAP totals}; $(echo "$dummy" | grep -a '^RUN: /selftest/pcm-xrun-test exit ' || echo no exit line))"
		grep -a -E '^not ok |^Bail out!|^INIT: selftest|^RUN: bad input.*WRONG' "$LOG" | tr -d '\r' | head -10 | sed 's/^/    /'
	fi
	# The alsa-utils client scenario (tests/initramfs/alsa-utils-xrun.sh):
	# arecord and aplay through forced XRUNs, TAP with its own totals.
	client=$(section 'RUN: alsa-utils client: ' 'RUN: alsa-utils client exit ')
	ctotals=$(echo "$client" | grep -a -m1 '^# Totals: ')
	cexit=$(echo "$client" | sed -n 's/^RUN: alsa-utils client exit \([0-9]*\).*/\1/p' | head -1)
	echo "$client" | grep -a -E '^(ok|not ok) |^# alsa-utils\.' | sed 's/^/    /'
	if tap_passed "$ctotals" "$cexit"; then
		verdict "alsa-utils client recovered (${ctotals#\# Totals: })" ok
	else
		verdict "alsa-utils client recovered" "FAIL (${ctotals:-no TAP totals}; exit ${cexit:-none})"
	fi
	if [ "$st_exit" = 0 ]; then
		verdict "selftest launcher exit 0 (every step)" ok
	else
		verdict "selftest launcher exit 0 (every step)" "FAIL (exit ${st_exit:-none})"
	fi
fi

# The real audio path (boot-qemu.sh on the QEMU of qemu/, which leaves
# OUT/boot.audio): the launcher's steps on the sgtl5000 card (SSI1, the
# SDMA, the codec on I2C1), the SDMA's interrupts during them, and the
# signal aplay played, found sample-exact in what QEMU's SSI1 sent to the
# wav audiodev (qemu/tools/wavcheck.py).
if [ -f "$OUT/boot.audio" ] && [ -f "$OUT/boot.selftest" ]; then
	wav=$(cat "$OUT/boot.audio")
	echo "  sgtl5000 card (QEMU of qemu/, playback into $wav):"
	card=$(tr -d '\r' <"$LOG" | grep -a -m1 '^RUN: sgtl5000 card: ')
	if [[ $card =~ ^RUN:\ sgtl5000\ card:\ [0-9]+ ]]; then
		verdict "sgtl5000 card found (${card#RUN: sgtl5000 card: })" ok
	else
		verdict "sgtl5000 card found" "FAIL (${card:-no 'RUN: sgtl5000 card' line})"
		grep -a -i -E 'sgtl5000|fsl-ssi|imx-sgtl5000|audmux|asoc' "$LOG" | tr -d '\r' | head -10 | sed 's/^/    /'
	fi
	for step in aplay arecord; do
		l=$(tr -d '\r' <"$LOG" | grep -a -m1 "^RUN: sgtl5000 $step exit ")
		if [[ $l == "RUN: sgtl5000 $step exit 0"* ]]; then
			verdict "sgtl5000: $step exit 0" ok
		else
			verdict "sgtl5000: $step exit 0" "FAIL (${l:-not run})"
		fi
	done
	tr -d '\r' <"$LOG" | grep -a '^RUN: sgtl5000 arecord exit ' | sed 's/^RUN: /    /'
	ks=$(section 'RUN: sgtl5000 kselftest:' 'RUN: sgtl5000 kselftest exit ')
	echo "$ks" | grep -a '^# xrun-stats ' | sed 's/^/    /'
	t=$(echo "$ks" | grep -a -m1 '^# Totals: ')
	e=$(echo "$ks" | sed -n 's/^RUN: sgtl5000 kselftest exit \([0-9]*\).*/\1/p')
	if tap_passed "$t" "$e"; then
		verdict "sgtl5000: kselftest passed (${t#\# Totals: })" ok
	else
		verdict "sgtl5000: kselftest passed" "FAIL (${t:-no TAP totals}; exit ${e:-none})"
		echo "$ks" | grep -a -E '^not ok |^Bail out!' | head -5 | sed 's/^/    /'
	fi
	cl=$(section 'RUN: sgtl5000 alsa-utils client: ' 'RUN: sgtl5000 alsa-utils client exit ')
	echo "$cl" | grep -a -E '^(ok|not ok) |^# alsa-utils\.' | sed 's/^/    /'
	t=$(echo "$cl" | grep -a -m1 '^# Totals: ')
	e=$(echo "$cl" | sed -n 's/^RUN: sgtl5000 alsa-utils client exit \([0-9]*\).*/\1/p')
	if tap_passed "$t" "$e"; then
		verdict "sgtl5000: alsa-utils client recovered (${t#\# Totals: })" ok
	else
		verdict "sgtl5000: alsa-utils client recovered" "FAIL (${t:-no TAP totals}; exit ${e:-none})"
	fi
	# The SDMA's interrupt count (all CPUs) before and after the run.
	tr -d '\r' <"$LOG" | grep -a '^RUN: sgtl5000 sdma interrupts ' | sed 's/^RUN: sgtl5000 /    /'
	b=$(tr -d '\r' <"$LOG" | sed -n 's/^RUN: sgtl5000 sdma interrupts before: \([0-9]*\) .*/\1/p' | head -1)
	a=$(tr -d '\r' <"$LOG" | sed -n 's/^RUN: sgtl5000 sdma interrupts after: \([0-9]*\) .*/\1/p' | head -1)
	if [ -n "$b" ] && [ -n "$a" ] && [ "$a" -gt "$b" ]; then
		verdict "sgtl5000: SDMA interrupts rose ($b -> $a)" ok
	else
		verdict "sgtl5000: SDMA interrupts rose" "FAIL (before ${b:-?}, after ${a:-?})"
	fi
	# The data: the frames aplay played, found in QEMU's wav output.
	frames=$(tr -d '\r' <"$LOG" | sed -n 's/^RUN: sgtl5000 signal: \([0-9]*\) frames.*/\1/p' | head -1)
	if [ -z "$frames" ] || [ "$frames" -lt 48000 ]; then
		verdict "sgtl5000: data check (wavcheck.py)" "FAIL (no signal of at least 1 s played: '${frames}')"
	elif [ ! -s "$wav" ]; then
		verdict "sgtl5000: data check (wavcheck.py)" "FAIL (no $wav)"
	else
		wc=$(python3 "$TOP/qemu/tools/wavcheck.py" "$wav" "$frames" 2>&1)
		echo "$wc" | sed 's/^/    /'
		if echo "$wc" | grep -q '^DATA CHECK: PASS'; then
			verdict "sgtl5000: data check, $frames frames sample-exact" ok
		else
			verdict "sgtl5000: data check (wavcheck.py)" "FAIL ($(echo "$wc" | tail -1 | cut -c1-60))"
		fi
	fi
	# The irqsoff tracer's maximum over the sgtl5000 run, where the boot
	# kernel has the tracer (Kbuild/boot-audio.config): printed, not judged
	# (a TCG guest's interrupts-off times are no hardware figure).
	if grep -qx 'CONFIG_IRQSOFF_TRACER=y' "$OUT/.config" 2>/dev/null; then
		m=$(tr -d '\r' <"$LOG" | grep -a -m1 '^RUN: sgtl5000 irqsoff max latency: ')
		if [[ $m =~ latency:\ ([0-9]+)\ us ]]; then
			verdict "sgtl5000: irqsoff tracer max ${BASH_REMATCH[1]} us (not judged)" ok
		else
			verdict "sgtl5000: irqsoff tracer max printed" "FAIL (${m:-$(tr -d '\r' <"$LOG" | grep -a -m1 '^RUN: sgtl5000 irqsoff' || echo no line)})"
		fi
	fi
elif [ -f "$OUT/boot.selftest" ]; then
	echo "  sgtl5000 card: not judged (Debian's qemu-system-arm, no audio models: QEMU_SYSTEM_ARM unset)"
fi

if [ $fail -eq 0 ]; then echo "BOOT VERDICT: PASS"; else echo "BOOT VERDICT: FAIL"; fi
exit $fail
