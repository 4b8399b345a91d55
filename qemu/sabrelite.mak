# QEMU device configuration of qemu/build.sh: only the sabrelite board
# (`-M sabrelite`, the harness's boot and the qtests of qemu/patches),
# with what its Kconfig selects (FSL_IMX6: the SoC's devices, the SDMA,
# SSIs and AUDMUX of qemu/patches; SGTL5000). build.sh copies this file to
# configs/devices/arm-softmmu/ of the source tree and configures with
# --without-default-devices --with-devices-arm=sabrelite, so that none of
# the other 60-odd arm boards and their devices is built.
CONFIG_SABRELITE=y
