#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The steps of the XRUN test plan of the LAVA jobs (the plan() macro of
# lava/job.yaml.jinja2, /selftest/xrun-plan.sh in the job's ramdisk, run
# by its /init under busybox). Each result is printed as one line
#   XRUN-RESULT: <name> <pass|fail|skip>
# which the job's LAVA monitor turns into a test case. Run inside a LAVA
# test shell, it also calls lava-test-case.
#
#   lava-xrun.sh dyndbg            switch on pcm_lib.c's debug messages, so
#                                  that "DMA or IRQ trouble" reaches dmesg
#   lava-xrun.sh card REGEX        print the index of the first card of
#                                  /proc/asound/cards whose line matches
#                                  REGEX (awk); test case card.<REGEX>
#   lava-xrun.sh run NAME CMD...   run CMD, its output to the console; each
#                                  TAP result line becomes test case
#                                  NAME.<TAP name>, and the exit status
#                                  NAME.exit (0 pass, 4 skip, else fail)
#   lava-xrun.sh dmesg NAME        test case NAME: no WARNING, BUG, Oops,
#                                  lockdep report, list corruption, SDMA
#                                  channel 0 timeout or "DMA or IRQ
#                                  trouble" in the kernel log

case=$(command -v lava-test-case)

report() {	# report NAME RESULT
	n=$(printf '%s' "$1" | tr -c 'A-Za-z0-9_.-' '_')
	echo "XRUN-RESULT: $n $2"
	[ -z "$case" ] || lava-test-case "$n" --result "$2"
}

# tap NAME: read TAP on stdin, one test case per result line.
tap() {
	while IFS= read -r line; do
		line=$(echo "$line" | tr -d '\r')
		case $line in
		"ok "*) res=pass; rest=${line#ok } ;;
		"not ok "*) res=fail; rest=${line#not ok } ;;
		*) continue ;;
		esac
		rest=${rest#* }		# the test number
		case $rest in
		"# SKIP "*) res=skip; tname=${rest#\# SKIP } ;;
		*" # SKIP"*) res=skip; tname=${rest%% \#*} ;;
		*) tname=${rest%% \#*} ;;
		esac
		tname=${tname%% *}
		[ -n "$tname" ] && report "$1.$tname" "$res"
	done
}

cmd=$1
[ $# -gt 0 ] && shift
case $cmd in
dyndbg)
	ddc=/proc/dynamic_debug/control
	[ -w "$ddc" ] || {
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
		ddc=/sys/kernel/debug/dynamic_debug/control
	}
	if [ -w "$ddc" ] && echo 'file pcm_lib.c +p' >"$ddc"; then
		echo "dynamic debug on for pcm_lib.c ($ddc)"
	else
		echo "no dynamic debug control (CONFIG_DYNAMIC_DEBUG): wait_for_avail()'s timeout message is not printed"
	fi
	;;
card)
	idx=$(awk -v re="$1" '$1 ~ /^[0-9]+$/ && $0 ~ re { print $1; exit }' /proc/asound/cards)
	if [ -n "$idx" ]; then
		echo "card matching '$1': $idx" >&2
		report "card.$1" pass >&2
		echo "$idx"
	else
		echo "no card matching '$1' in /proc/asound/cards" >&2
		report "card.$1" fail >&2
		exit 1
	fi
	;;
run)
	rname=$1
	shift
	out=${TMPDIR:-/tmp}/lava-xrun.$$
	echo "+ $*"
	{ "$@" 2>&1; echo $? >"$out.rc"; } | tee "$out"
	rc=$(cat "$out.rc")
	tap "$rname" <"$out"
	case $rc in
	0) report "$rname.exit" pass ;;
	4) report "$rname.exit" skip ;;
	*) report "$rname.exit" fail ;;
	esac
	rm -f "$out" "$out.rc"
	;;
dmesg)
	pat='WARNING:|BUG:|Oops|possible circular locking|possible recursive locking|inconsistent lock state|sleeping function called from invalid context|list_add corruption|list_del corruption|Timeout waiting for CH0|DMA or IRQ trouble'
	if dmesg | grep -E "$pat"; then
		report "$1" fail
	else
		echo "kernel log: no splat, no SDMA or PCM timeout message"
		report "$1" pass
	fi
	;;
*)
	echo "usage: $0 dyndbg | card REGEX | run NAME CMD... | dmesg NAME" >&2
	exit 1
	;;
esac
