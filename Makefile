# SPDX-License-Identifier: GPL-2.0
# The two commands of README.md, plus developer helpers.
#   make        apply the series, build the i.MX6 kernel, boot it in QEMU
#   make check  every check; ends with "N passed, N failed"
#   make bench  XRUN recovery benchmark, base vs series, on the SDMA model
# KERNEL_SRC=/path/to/linux uses your own git tree instead of the Debian base.

.PHONY: all boot check bench clean help

all: boot

boot:
	@bash scripts/main.sh

check:
	@bash scripts/check.sh

bench:
	@bash scripts/bench.sh

clean:
	rm -rf "$${SDMA_CACHE:-$${XDG_CACHE_HOME:-$$HOME/.cache}/imx-sdma-series}/work" \
	       "$${SDMA_CACHE:-$${XDG_CACHE_HOME:-$$HOME/.cache}/imx-sdma-series}/build"
	-git -C "$${SDMA_CACHE:-$${XDG_CACHE_HOME:-$$HOME/.cache}/imx-sdma-series}/linux-base-$${BASE:-7.3}" worktree prune

help:
	@sed -n '2,6p' Makefile
