#!/bin/bash
# Boot the qemu-audio kernel on the series' QEMU with the sgtl5000 card.
# Usage: boot-audio.sh QEMU KOUT BOOTDIR [extra qemu args...]
set -u
Q=$1 O=$2 B=$3; shift 3
IRD=$B/initramfs
rm -rf $IRD && mkdir -p $IRD/root
arm-linux-gnueabihf-gcc -static -Os -Wall -Wextra -Werror -o $IRD/root/init "$(dirname "$0")/../../tests/initramfs/init.c" || exit 1
cp -a $B/rootfs/. $IRD/root/
(cd $IRD/root && find . | cpio -o -H newc --quiet --owner=0:0) | gzip -1 > $IRD/initramfs.cpio.gz
rm -f $B/out.wav $B/boot.log $B/qemu.log
T0=$(date +%s.%N)
timeout --foreground -k 10 ${BOOT_TIMEOUT:-900} nice -n 5 $Q -M sabrelite,audiodev=snd0 -m 1G \
	-audiodev wav,id=snd0,path=$B/out.wav,out.frequency=48000 \
	-display none -monitor none -serial null -serial file:$B/boot.log \
	-no-reboot -kernel $O/arch/arm/boot/zImage -dtb $O/arch/arm/boot/dts/nxp/imx/imx6q-sabrelite.dtb \
	-initrd $IRD/initramfs.cpio.gz \
	-d guest_errors,unimp -D $B/qemu.log -msg timestamp=on \
	-trace 'imx_ssi_clock' -trace 'imx_ssi_underrun' -trace 'imx_ssi_overrun' -trace 'imx_ssi_late' -trace 'sgtl5000_lrclk' \
	-append "console=ttymxc1 rdinit=/init init_exit=restart panic=-1 loglevel=7 kunit.enable=0" "$@" &
QPID=$!
echo $QPID > $B/qemu.pid
wait $QPID
rc=$?
T1=$(date +%s.%N)
echo "qemu exit $rc after $(echo "$T1 - $T0" | bc) s"
