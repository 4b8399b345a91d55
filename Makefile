# SPDX-License-Identifier: GPL-2.0
# The two commands of README.md, plus developer helpers.
#   make        apply the series, build the i.MX6 kernel, boot it in QEMU
#   make check  every check; ends with "N passed, N failed"
#   make bench  XRUN recovery benchmark, base vs series, on the SDMA model
#   make bench-boot  the boot of make, untouched 7.3 vs series, on the QEMU of qemu/
#   make send-prep  the mails of the series, from your git identity (never sent)
#   make lava   LAVA jobs for i.MX6 boards and QEMU, validated, the QEMU one run by lava-run
# KERNEL_SRC=/path/to/linux uses your own git tree instead of the Debian base.

.PHONY: all boot check bench bench-boot send-prep lava clean help

all: boot

boot:
	@bash scripts/main.sh

check:
	@bash scripts/check.sh

bench:
	@bash scripts/bench.sh

bench-boot:
	@bash scripts/bench-boot.sh

send-prep:
	@bash scripts/send-prep.sh

lava:
	@bash scripts/lava.sh

clean:
	c="$${SDMA_CACHE:-$${XDG_CACHE_HOME:-$$HOME/.cache}/imx-sdma-series}"; \
	rm -rf "$$c"/work "$$c"/work-* "$$c"/build "$$c"/build-*; \
	for r in "$$c"/linux-base-*; do [ -d "$$r/.git" ] && git -C "$$r" worktree prune; done; true

help:
	@sed -n '2,9p' Makefile
