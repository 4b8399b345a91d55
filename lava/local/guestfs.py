# SPDX-License-Identifier: GPL-2.0
"""Stand-in for libguestfs' Python binding, for the local lava-run only.

Debian's lava-dispatcher imports guestfs at module level
(lava_dispatcher/utils/filesystem.py, actions/deploy/apply_overlay.py),
but uses it only to write the test overlay into disk images. The series'
jobs boot a ramdisk, whose overlay LAVA adds with cpio, so guestfs is never
called. python3-guestfs itself would pull about 100 packages into the
machine (libguestfs0, supermin, qemu-system-x86, systemd, udev, grub, ...),
see scripts/lava.sh. This module lets the import succeed; any use fails.
"""


class _Unavailable:
    def __getattr__(self, name):
        raise RuntimeError(
            "guestfs.%s: libguestfs is not installed for this local lava-run "
            "(the series' jobs deploy a ramdisk and need no disk image)" % name)


def __getattr__(name):
    raise RuntimeError(
        "guestfs.%s: libguestfs is not installed for this local lava-run "
        "(the series' jobs deploy a ramdisk and need no disk image)" % name)


GuestFS = _Unavailable
