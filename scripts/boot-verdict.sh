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
# OUT/boot.selftest), its result is part of the verdict: init ran it, it
# exited 0, and its TAP totals count passes and no failure. The ALSA
# kselftest's per-PCM statistics ("# xrun-stats ...") are printed.
if [ -f "$OUT/boot.selftest" ]; then
	echo "  selftest: $(cat "$OUT/boot.selftest")"
	grep -a '^# xrun-stats ' "$LOG" | tr -d '\r' | sed 's/^/    /'
	totals=$(grep -a -m1 '^# Totals: ' "$LOG" | tr -d '\r')
	st_exit=$(sed -n 's/^INIT: selftest exit: \([0-9]*\).*/\1/p' "$LOG" | head -1)
	if tap_passed "$totals" "$st_exit"; then
		verdict "kselftest passed (${totals#\# Totals: })" ok
	else
		verdict "kselftest passed" "FAIL (${totals:-no TAP totals}; selftest exit ${st_exit:-none})"
		grep -a -E '^not ok |^Bail out!|^INIT: selftest' "$LOG" | tr -d '\r' | head -10 | sed 's/^/    /'
	fi
	# The alsa-utils client scenario (tests/initramfs/alsa-utils-xrun.sh),
	# run by selftest-run.c after the line "RUN: alsa-utils client: ...":
	# arecord and aplay through forced XRUNs, TAP with its own totals.
	client=$(sed -n '/^RUN: alsa-utils client: /,$p' "$LOG" | tr -d '\r')
	ctotals=$(echo "$client" | grep -a -m1 '^# Totals: ')
	cexit=$(echo "$client" | sed -n 's/^RUN: alsa-utils client exit \([0-9]*\).*/\1/p' | head -1)
	echo "$client" | grep -a -E '^(ok|not ok) |^# alsa-utils\.' | sed 's/^/    /'
	if tap_passed "$ctotals" "$cexit"; then
		verdict "alsa-utils client recovered (${ctotals#\# Totals: })" ok
	else
		verdict "alsa-utils client recovered" "FAIL (${ctotals:-no TAP totals}; exit ${cexit:-none})"
	fi
fi

if [ $fail -eq 0 ]; then echo "BOOT VERDICT: PASS"; else echo "BOOT VERDICT: FAIL"; fi
exit $fail
