#!/bin/sh
# qemu-audio boot (qemu/ of the imx-sdma series): the sgtl5000 card of
# sabrelite through SSI1, the SDMA and the QEMU models.
export PATH=/selftest:/usr/bin:/bin HOME=/ TMPDIR=/tmp LD_LIBRARY_PATH=/selftest ALSA_CONFIG_DIR=/usr/share/alsa
mkdir -p /tmp
echo "AUDIO: cards"; cat /proc/asound/cards
C=$(awk '/sgtl5000/ { print $1; exit }' /proc/asound/cards)
[ -n "$C" ] || { echo "AUDIO: no sgtl5000 card"; dmesg | grep -i -E "ssi|sgtl|audmux|sdma|asoc|i2c" | tail -40; exit 1; }
echo "AUDIO: sgtl5000 is card $C"
ls -l /dev/snd
echo "AUDIO: interrupts before"; grep -E "dma-controller|ssi|CPU" /proc/interrupts
echo "AUDIO: aplay signal"
T0=$(cut -d' ' -f1 /proc/uptime)
aplay -D hw:$C,0 -f S16_LE -r 48000 -c 2 -t raw /selftest/signal.raw; echo "AUDIO: aplay exit $?"
T1=$(cut -d' ' -f1 /proc/uptime)
echo "AUDIO: aplay uptime $T0 -> $T1"
echo "AUDIO: interrupts after aplay"; grep -E "dma-controller|ssi" /proc/interrupts
echo "AUDIO: arecord 1 s"
arecord -D hw:$C,0 -f S16_LE -r 48000 -c 2 -d 1 -t raw /tmp/cap.raw; echo "AUDIO: arecord exit $?"
ls -l /tmp/cap.raw
echo "AUDIO: interrupts after arecord"; grep -E "dma-controller|ssi" /proc/interrupts
if [ "${AUDIO_FULL:-1}" = 1 ]; then
echo "RUN: pcm-xrun-test on hw:$C,0,0"
/selftest/pcm-xrun-test --quick --xruns 5 --margin-ms 400 --device hw:$C,0,0; echo "AUDIO: pcm-xrun-test exit $?"
echo "RUN: alsa-utils client on hw:$C,0,0"
sh /selftest/alsa-utils-xrun.sh -D hw:$C,0,0 -n 2; echo "AUDIO: alsa-utils exit $?"
echo "AUDIO: interrupts at the end"; grep -E "dma-controller|ssi" /proc/interrupts
fi
echo "AUDIO: dmesg tail"; dmesg | grep -v -i "^.\{0,20\}\(gpio\|clk\)" | tail -40
exit 0
