#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Render the LAVA jobs of the series from lava/job.yaml.jinja2.

One job per board of lava/boards.yaml, plus one for LAVA's qemu device
type (machine sabrelite), written as OUT/<device_type>.yaml, and the test
plan that the job's ramdisk runs at boot (the template's plan() macro), as
OUT/plans/<device_type>.sh (scripts/lava.sh packs it into
rootfs-<device_type>.cpio.gz as /selftest/xrun-plan.sh). With
--device-template, also the device dictionary of the local lava-run:
LAVA's qemu device type (lava-server's qemu.jinja2) rendered with the qemu
job's context, as lava-server renders a device for a job, to
OUT/devices/qemu.yaml.

Usage: lava-render.py --out OUT --artifacts-url URL --kernel-release REL
                      --qemu-kernel-release REL --series TEXT
                      [--device-template DIR]
"""
import argparse
import os
import re
import sys

import jinja2
import yaml

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The pcm-xrun-test runs of Documentation/board-imx6.md ("Run"): both
# directions with 256-frame periods and 200 XRUNs, then capture alone, the
# direction of the reports, with 64-frame periods and 1000 XRUNs.
BOARD_KSFT_RUNS = [
    {"name": "p256", "args": "--full -n 200 -p 256 -b 1024"},
    {"name": "capture-p64", "args": "--full -s capture -n 1000 -p 64 -b 256 -t 120"},
]
BOARD_CLIENT_ARGS = "-n 20 -p 256 -b 1024"

# QEMU sabrelite with snd-dummy: the smoke run of `make` (tests/initramfs/
# selftest-run.c), the 400 ms margin for TCG on a loaded host; the client
# with a 16384-frame buffer, so that the kernel's "DMA or IRQ trouble"
# timeout (1.1 buffer times, at least 100 ms) outlasts a TCG stall.
QEMU_KSFT_RUNS = [{"name": "quick", "args": "--quick --xruns 10 --margin-ms 400"}]
QEMU_CLIENT_ARGS = "-n 3 -p 4096 -b 16384"
QEMU_CONTEXT = {
    "arch": "arm",
    "cpu": "cortex-a9",
    "machine": "sabrelite",
    "memory": 1024,
    "model": "model=imx.enet",
    # The device type's "-net nic,... -net user": the qemu-system-arm of
    # qemu/build.sh has no user-mode network (no slirp), and the job needs
    # none (ramdisk boot, test shell on the serial console).
    "netdevice": "none",
}
# UART1 is QEMU's first serial port (the one -nographic puts on stdio);
# the sabrelite device tree enables it as ttymxc0. kunit.enable=0: the
# kernel of `make` has the series' KUnit suites built in.
QEMU_APPEND = "console=ttymxc0,115200 rdinit=/init panic=-1 loglevel=7 kunit.enable=0"

ARTIFACTS = {
    "kernel": "zImage",
    "ramdisk": "rootfs-%s.cpio.gz",
    "qemu_kernel": "qemu-zImage",
    "qemu_dtb": "qemu-imx6q-sabrelite.dtb",
}


def lava_name(text):
    """A LAVA test case name part: letters, digits, '.', '_', '-'."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--artifacts-url", required=True)
    ap.add_argument("--kernel-release", required=True)
    ap.add_argument("--qemu-kernel-release", required=True)
    ap.add_argument("--series", required=True)
    ap.add_argument("--device-template", help="lava-server's device-types directory")
    opts = ap.parse_args()

    url = opts.artifacts_url.rstrip("/")
    if not re.match(r"^(https?|file|ftp)://", url):
        sys.exit("LAVA_ARTIFACTS_URL must be an http(s)://, ftp:// or file:// URL, not %r" % url)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(TOP, "lava")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["lava_name"] = lava_name
    tmpl = env.get_template("job.yaml.jinja2")
    with open(os.path.join(TOP, "lava", "boards.yaml")) as f:
        boards = yaml.safe_load(f)["boards"]

    os.makedirs(opts.out, exist_ok=True)
    jobs = []
    for b in boards:
        jobs.append((b["device_type"], dict(
            device_type=b["device_type"], bootloader=b["bootloader"],
            notes=b["notes"], artifacts_url=url, kernel=ARTIFACTS["kernel"],
            dtb=os.path.basename(b["dtb"]), ramdisk=ARTIFACTS["ramdisk"] % b["device_type"],
            kernel_release=opts.kernel_release, series=opts.series,
            cards=b["cards"], ksft_runs=BOARD_KSFT_RUNS, subdevice="",
            client_args=BOARD_CLIENT_ARGS, qemu_context=None, qemu_append="")))
    jobs.append(("qemu", dict(
        device_type="qemu", bootloader="qemu",
        notes="QEMU sabrelite of qemu/ (SDMA, SSI, AUDMUX, sgtl5000 models): snd-dummy, the kernel of `make`",
        artifacts_url=url, kernel=ARTIFACTS["qemu_kernel"], dtb=ARTIFACTS["qemu_dtb"],
        ramdisk=ARTIFACTS["ramdisk"] % "qemu", kernel_release=opts.qemu_kernel_release,
        series=opts.series, cards=["Dummy"], ksft_runs=QEMU_KSFT_RUNS,
        subdevice=",0", client_args=QEMU_CLIENT_ARGS, qemu_context=QEMU_CONTEXT,
        qemu_append=QEMU_APPEND)))

    os.makedirs(os.path.join(opts.out, "plans"), exist_ok=True)
    for name, ctx in jobs:
        text = tmpl.render(**ctx)
        yaml.safe_load(text)  # a template error shows here, before LAVA's check
        path = os.path.join(opts.out, name + ".yaml")
        with open(path, "w") as f:
            f.write(text)
        plan = str(tmpl.make_module(ctx).plan())
        ppath = os.path.join(opts.out, "plans", name + ".sh")
        with open(ppath, "w") as f:
            f.write("# XRUN test plan for %s, rendered from lava/job.yaml.jinja2\n" % name)
            f.write(plan + "\n")
        print("rendered %s and %s" % (path, ppath))

    if opts.device_template:
        denv = jinja2.Environment(
            loader=jinja2.FileSystemLoader(opts.device_template), autoescape=False)
        # lava-server renders a device dictionary with the job's context.
        text = denv.from_string("{% extends 'qemu.jinja2' %}").render(**QEMU_CONTEXT)
        os.makedirs(os.path.join(opts.out, "devices"), exist_ok=True)
        path = os.path.join(opts.out, "devices", "qemu.yaml")
        with open(path, "w") as f:
            f.write(text)
        print("rendered %s (LAVA device type qemu, with the job's context)" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
