# SPDX-License-Identifier: GPL-2.0-only
#
# Top-level targets.  The hypervisor itself builds the Xen way:
#   make -C xen XEN_TARGET_ARCH=riscv64 CROSS_COMPILE=riscv64-unknown-elf- \
#        defconfig | menuconfig | olddefconfig | all

CROSS_COMPILE ?= riscv64-unknown-elf-
XEN_MAKE := $(MAKE) -C xen XEN_TARGET_ARCH=riscv64 CROSS_COMPILE=$(CROSS_COMPILE)
MODE ?= sv57x4

.PHONY: all deps xen guest run check bench docs clean format format-check

all: xen guest

deps:
	@./scripts/install-deps.sh

# Configure with the QEMU virt defconfig unless a configuration exists.
xen: deps
	@[ -f xen/.config ] || $(XEN_MAKE) defconfig
	$(XEN_MAKE)

guest: deps
	$(MAKE) -C tools/tests/p2m-guest

# Boot QEMU and show the hypervisor booting dom0 and dom0's partial remaps.
run: xen guest
	./automation/scripts/qemu-smoke-riscv64.sh --show --no-build --no-domu --mode $(MODE)

# Every suite; the last line is "N passed, M failed".
check: deps
	@./scripts/check.sh

bench: deps
	@./scripts/bench.sh

docs: deps
	@mkdir -p build/docs
	@for f in docs/misc/riscv/*.pandoc; do \
	    out=build/docs/$$(basename $$f .pandoc).html; \
	    pandoc --standalone --toc --metadata title="$$(basename $$f .pandoc)" \
	        -f markdown -t html5 -o $$out $$f && echo "docs: $$out"; \
	done

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
	-$(MAKE) -C tools/tests/rwlock clean
	-$(MAKE) -C tools/tests/guest-fault clean
	-$(MAKE) -C tools/tests/smp-guest clean
	rm -rf build
