#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the LAVA jobs' ramdisk (scripts/lava.sh): busybox, the ALSA XRUN
# kselftest, alsa-utils, the helper lava-xrun.sh and the job's test plan
# /selftest/xrun-plan.sh (rendered from lava/job.yaml.jinja2). Mounts the
# kernel file systems, runs the plan between the lines that the job's LAVA
# monitor waits for, then leaves a root shell on the console.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /tmp /run
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
export PATH=/selftest:/usr/bin:/bin:/sbin HOME=/ TMPDIR=/tmp PS1='/ # '
# Kernel messages stay in dmesg (checked by the plan) and off the
# console, where they could split a result line.
dmesg -n 1
cd /selftest || exit 1
echo "lava ramdisk: $(uname -r) $(uname -m)"
cat /proc/asound/cards 2>/dev/null
echo "XRUN-TESTS: start"
sh ./xrun-plan.sh
echo "XRUN-TESTS: end (plan exit $?)"
cd /
# The console as controlling terminal, for whoever looks at the board.
exec setsid cttyhack /bin/sh
