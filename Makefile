# SPDX-License-Identifier: GPL-2.0-only
#
# Top-level targets.  The hypervisor itself builds the Xen way:
#   make -C xen XEN_TARGET_ARCH=riscv64 CROSS_COMPILE=riscv64-unknown-elf- \
#        defconfig | menuconfig | olddefconfig | all

CROSS_COMPILE ?= riscv64-unknown-elf-
XEN_MAKE := $(MAKE) -C xen XEN_TARGET_ARCH=riscv64 CROSS_COMPILE=$(CROSS_COMPILE)
# The G-stage mode make run asks for: the widest the configuration in
# xen/.config allows (read when the recipe runs, after make xen made it).
MODE ?= $(shell sed -n 's/^CONFIG_GSTAGE_MAX_\(SV[0-9]*X4\)=y/\1/p' \
                xen/.config 2>/dev/null | tr 'A-Z' 'a-z')

.PHONY: all deps deps-run deps-linux xen guest linux run run-linux check bench bench-readme docs clean \
        format format-check

all: xen guest

# Debian packages: all of them for the tests, fewer to just run.
deps:
	@./scripts/install-deps.sh all

deps-run:
	@./scripts/install-deps.sh run

deps-linux:
	@./scripts/install-deps.sh linux

# Configure with the QEMU virt defconfig unless a configuration exists.
xen: deps-run
	@[ -f xen/.config ] || $(XEN_MAKE) defconfig
	$(XEN_MAKE)

guest: deps-run
	$(MAKE) -C tools/tests/p2m-guest

# Boot QEMU and show the hypervisor booting dom0 and dom0's partial remaps.
# DOM0=linux boots the Linux dom0 instead (as make run-linux), DOM0=IMAGE
# your own (scripts/run-dom0.sh, console attached, nothing judged).
# XEN_CMDLINE and DOM0_CMDLINE add to the hypervisor's and dom0's command
# lines (docs/misc/xen-command-line.pandoc lists the hypervisor's options).
DOM0 ?=
export XEN_CMDLINE DOM0_CMDLINE
run: xen $(if $(DOM0),,guest) $(if $(filter linux,$(DOM0)),linux)
ifeq ($(DOM0),)
	./automation/scripts/qemu-smoke-riscv64.sh --show --no-build --xen xen/xen \
	    --no-domu --no-linux --no-uboot --mode $(MODE)
else ifeq ($(DOM0),linux)
	./automation/scripts/qemu-smoke-riscv64.sh --show --no-build --xen xen/xen \
	    --linux --mode $(MODE)
else
	XEN=xen/xen ./scripts/run-dom0.sh $(DOM0)
endif

# The Linux dom0: Debian's Linux 6.1 with our balloon driver and test
# /init, built (and cached) under build/linux-dom0/.
linux: deps-linux
	$(MAKE) -C tools/tests/linux-dom0

# Boot QEMU with the Linux dom0 and show its scenarios.
run-linux: xen linux
	./automation/scripts/qemu-smoke-riscv64.sh --show --no-build --xen xen/xen \
	    --linux --mode $(MODE)

# Every suite; the last line is "N passed, M failed".
check: deps
	@./scripts/check.sh

bench: deps
	@./scripts/bench.sh

# The README's benchmark figures, from the last make bench.
bench-readme:
	@/usr/bin/python3 scripts/bench-readme.py build/bench/bench.json README.md

# The documents in HTML, with an index: build/docs/index.html.
docs: deps
	@./scripts/docs.sh

format:
	@./scripts/format.sh fix

format-check:
	@./scripts/format.sh check

clean:
	-$(XEN_MAKE) clean
	-$(MAKE) -C tools/tests/p2m clean
	-$(MAKE) -C tools/tests/p2m-guest clean
	-$(MAKE) -C tools/tests/vmid clean
	-$(MAKE) -C tools/tests/hartmask clean
	-$(MAKE) -C tools/tests/public-abi clean
	-$(MAKE) -C tools/tests/rwlock clean
	-$(MAKE) -C tools/tests/guest-fault clean
	-$(MAKE) -C tools/tests/smp-guest clean
	-$(MAKE) -C tools/tests/fault-loop-guest clean
	-$(MAKE) -C tools/tests/linux-dom0 clean
	rm -rf build
