#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# XRUN recovery with a client nobody here wrote: alsa-utils' arecord and
# aplay (Debian armhf), which recover from -EPIPE by themselves (xrun() in
# aplay.c: "overrun!!!"/"underrun!!!", then snd_pcm_prepare()). This is the
# scenario of the original reports: a capture client whose stream is
# stopped behind its back, then prepared and restarted.
#
# For each direction, one client runs for a fixed amount of audio while
# XRUNs are forced in two ways, one at a time, each one waited for:
#   xrun_injection   /proc/asound/cardC/pcmDx/subS/xrun_injection
#                    (snd_pcm_stop_xrun(): the TRIGGER_STOP of a real XRUN)
#   stopped client   SIGSTOP for longer than the buffer, then SIGCONT: the
#                    reader (writer) really falls behind
# Every forced XRUN must show up as a new "overrun!!!" ("underrun!!!") line
# of the client, which must stream again afterwards and exit 0 at the end.
# XRUNs that nobody forced (a loaded host delays the client, as under
# QEMU's TCG) are recovered from the same way: they are counted and
# printed, not failed. A case fails on a read or write error of the
# client, on a forced XRUN that the client did not report, on a client
# that stops streaming, and on the kernel's
# "DMA or IRQ trouble" message (pcm_lib.c's wait_for_avail(), a pcm_dbg():
# switched on here through dynamic debug where the kernel has it).
#
# Output is TAP (kselftest style), one case per direction and method, and
# a "# Totals:" line. Exit 0 if no case failed, 1 otherwise.
#
# Usage: alsa-utils-xrun.sh [-D hw:CARD,DEV[,SUB]] [-n XRUNS] [-s both|capture|playback]
#                           [-p PERIOD] [-b BUFFER]
#   CARD is an index or an id; SUB defaults to 0. Defaults: hw:0,0,0,
#   3 XRUNs per method, both directions, period 1024, buffer 4096 frames,
#   S16_LE, 48000 Hz, 2 channels.
# Needs a POSIX shell whose sleep takes fractions (busybox is enough),
# arecord and aplay in PATH, and root for xrun_injection.

DEVICE=hw:0,0
XRUNS=3
STREAMS=both
PERIOD=1024
BUFFER=4096
RATE=48000
FORMAT=S16_LE
CHANNELS=2

usage() {
	echo "usage: $0 [-D hw:CARD,DEV[,SUB]] [-n XRUNS] [-s both|capture|playback] [-p PERIOD] [-b BUFFER]" >&2
	echo "Bail out! invalid command line"
	exit 1
}

while getopts D:n:s:p:b:h opt; do
	case $opt in
	D) DEVICE=$OPTARG ;;
	n) XRUNS=$OPTARG ;;
	s) STREAMS=$OPTARG ;;
	p) PERIOD=$OPTARG ;;
	b) BUFFER=$OPTARG ;;
	*) usage ;;
	esac
done
case $XRUNS$PERIOD$BUFFER in *[!0-9]*|'') usage ;; esac
case $STREAMS in both) DIRS="capture playback" ;; capture|playback) DIRS=$STREAMS ;; *) usage ;; esac

# hw:CARD,DEV[,SUB]
spec=${DEVICE#hw:}
[ "$spec" != "$DEVICE" ] || usage
CARD=${spec%%,*}
rest=${spec#*,}
[ "$rest" != "$spec" ] || usage
DEV=${rest%%,*}
SUB=0
[ "$DEV" = "$rest" ] || SUB=${rest#*,}
case $DEV$SUB in *[!0-9]*|'') usage ;; esac

TMP=${TMPDIR:-/tmp}/alsa-utils-xrun.$$
mkdir -p "$TMP" || exit 1
trap 'rm -rf "$TMP"' EXIT

n_cases=0
for d in $DIRS; do n_cases=$((n_cases + 2)); done
echo "TAP version 13"
# How long a stopped client stays stopped: two buffer times, at least 0.5 s.
stop_ms=$((BUFFER * 2000 / RATE))
[ "$stop_ms" -ge 500 ] || stop_ms=500
STOP_S=$((stop_ms / 1000)).$(printf '%03d' $((stop_ms % 1000)))
echo "# alsa-utils client XRUN recovery on $DEVICE: $XRUNS XRUNs per method, period $PERIOD, buffer $BUFFER frames"
echo "1..$n_cases"

pass=0 fail=0 skip=0 num=0
result() {	# result ok|fail|skip NAME [REASON]
	num=$((num + 1))
	case $1 in
	ok) pass=$((pass + 1)); echo "ok $num $2" ;;
	skip) skip=$((skip + 1)); echo "ok $num $2 # SKIP $3" ;;
	*) fail=$((fail + 1)); echo "not ok $num $2${3:+ # $3}" ;;
	esac
}

# The card's index: /proc/asound/<id> is a link to cardN.
case $CARD in
*[!0-9]*) cidx=$(readlink "/proc/asound/$CARD" 2>/dev/null); cidx=${cidx#card} ;;
*) cidx=$CARD ;;
esac
if [ -z "$cidx" ] || [ ! -d "/proc/asound/card$cidx" ]; then
	for d in $DIRS; do
		p=aplay
		[ "$d" = capture ] && p=arecord
		result fail "alsa-utils.$p.xrun_injection" "no sound card '$CARD'"
		result fail "alsa-utils.$p.stopped_client" "no sound card '$CARD'"
	done
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
	exit 1
fi
echo "# card $cidx: $(sed -n "s/^ *$cidx \[\(.*\)$/[\1/p" /proc/asound/cards | head -1)"

# Dynamic debug for pcm_lib.c, so that wait_for_avail()'s timeout message
# reaches the kernel log.
ddc=""
for f in /proc/dynamic_debug/control /sys/kernel/debug/dynamic_debug/control; do
	[ -w "$f" ] && { ddc=$f; break; }
done
if [ -z "$ddc" ] && [ -d /sys/kernel/debug ] && mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null; then
	[ -w /sys/kernel/debug/dynamic_debug/control ] && ddc=/sys/kernel/debug/dynamic_debug/control
fi
if [ -n "$ddc" ] && echo 'file pcm_lib.c +p' >"$ddc" 2>/dev/null; then
	echo "# dynamic debug on for pcm_lib.c ($ddc)"
else
	echo "# dynamic debug unavailable (CONFIG_DYNAMIC_DEBUG): wait_for_avail()'s timeout message is not printed"
fi

trouble() { dmesg 2>/dev/null | grep -c 'DMA or IRQ trouble'; }

# xruns LOG WORD: how many xrun lines the client printed so far.
xruns() { grep -c "$2!!!" "$1" 2>/dev/null; }

# state SUBDIR: the stream state from procfs ("RUNNING", "XRUN", ...).
state() { sed -n 's/^state: //p' "$1/status" 2>/dev/null; }

# The conditions waited for, on the current case's $sd, $log, $word, $k.
running() { [ "$(state "$sd")" = RUNNING ]; }
reported() { [ "$(xruns "$log" "$word")" -gt "$before_k" ]; }

# wait_for COND TENTHS: poll until function COND succeeds, at most TENTHS/10 s.
wait_for() {
	i=0
	while [ "$i" -lt "$2" ]; do
		"$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# One client run: METHOD is xrun_injection or stopped_client.
run_case() {
	dir=$1 method=$2
	if [ "$dir" = capture ]; then
		prog=arecord word=overrun x=c src_dst=/dev/null
	else
		prog=aplay word=underrun x=p src_dst=/dev/zero
	fi
	name=alsa-utils.$prog.$method
	sd=/proc/asound/card$cidx/pcm$DEV$x/sub$SUB
	if [ ! -d "$sd" ]; then
		result fail "$name" "no $sd"
		return
	fi
	if [ "$method" = xrun_injection ] && [ ! -w "$sd/xrun_injection" ]; then
		result skip "$name" "no writable $sd/xrun_injection (CONFIG_SND_PCM_XRUN_DEBUG, root)"
		return
	fi
	if ! command -v "$prog" >/dev/null; then
		result fail "$name" "$prog not found"
		return
	fi
	log=$TMP/$prog.$method.log
	before=$(trouble)
	# Audio time, not wall time: the frames lost in the XRUNs do not count.
	# Forcing one XRUN streams about 0.4 s; the client must still be
	# running after the last one, also on a slow emulated CPU (8 times
	# that here), and then ends by itself with exit 0.
	secs=$((3 + 3 * XRUNS))
	"$prog" -D "hw:$cidx,$DEV,$SUB" -t raw -f "$FORMAT" -r "$RATE" -c "$CHANNELS" \
		--period-size="$PERIOD" --buffer-size="$BUFFER" -d "$secs" "$src_dst" 2>"$log" &
	pid=$!
	why=""
	if ! wait_for running 50; then
		why="stream not RUNNING 5 s after $prog started (state $(state "$sd"))"
	fi
	k=0
	while [ -z "$why" ] && [ "$k" -lt "$XRUNS" ]; do
		k=$((k + 1))
		before_k=$(xruns "$log" "$word")
		if [ "$method" = xrun_injection ]; then
			echo 1 >"$sd/xrun_injection"
		else
			# Stopped for two buffer times, at least 0.5 s: the
			# hardware pointer runs past the application's.
			kill -STOP "$pid"
			sleep "$STOP_S"
			kill -CONT "$pid"
		fi
		if ! wait_for reported 50; then
			why="XRUN $k: no \"$word!!!\" from $prog within 5 s (state $(state "$sd"))"
		elif ! wait_for running 50; then
			why="XRUN $k: $prog did not restart the stream within 5 s (state $(state "$sd"))"
		else
			# Stream a little before the next one.
			sleep 0.2
		fi
	done
	if [ -n "$why" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid"
		rc=killed
	else
		wait "$pid"
		rc=$?
	fi
	sed "s/^/# $prog: /" "$log"
	seen=$(xruns "$log" "$word")
	after=$(trouble)
	if [ -z "$why" ] && [ "$rc" != 0 ]; then
		why="$prog exit $rc"
	fi
	if [ -z "$why" ] && grep -q -E 'read error|write error|prepare error|status error|read/write error' "$log"; then
		why="$prog: $(grep -m1 -E 'read error|write error|prepare error|status error|read/write error' "$log")"
	fi
	if [ -z "$why" ] && [ "$seen" -lt "$XRUNS" ]; then
		why="$seen \"$word!!!\" lines for $XRUNS forced XRUNs"
	fi
	if [ -z "$why" ] && [ "$after" -gt "$before" ]; then
		why="kernel: $(dmesg | grep 'DMA or IRQ trouble' | tail -1)"
	fi
	echo "# $name: forced $k, $prog reported $seen ($((seen > k ? seen - k : 0)) not forced), exit $rc"
	if [ -z "$why" ]; then result ok "$name"; else result fail "$name" "$why"; fi
}

for d in $DIRS; do
	run_case "$d" xrun_injection
	run_case "$d" stopped_client
done
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ "$fail" -eq 0 ]
