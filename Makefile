# SPDX-License-Identifier: GPL-2.0-only
#
# startmem: a book that tangles into a kernel.
#
#   book/*.nw --make tangle--> src/ --make kernel--> build/bzImage --make boot--> QEMU
#                    \--make book--> site/
#
# `make help` lists the targets. Every target that needs a tool first runs
# `setup`, which installs the missing Debian packages (as root) and nothing else.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

# ---------------------------------------------------------------------------
# The machine `make boot` starts; override on the command line.
MACHINE   ?= q35
MEM       ?= 512M
SMP       ?= 1
# By default the kernel also prints its zones' free lists once all memory
# is in the buddy allocator (book/show_mem.nw): SysRq-m's show_mem and
# /proc/buddyinfo. CMDLINE= boots without them; tests set their own.
CMDLINE   ?= show_mem buddyinfo
QEMU_ARGS ?=
BOOT_TIMEOUT ?= 300
SCRIPT    ?=
BOOT_SHELL ?= auto
SHELL_TIMEOUT ?= 3600
GDB_PORT  ?= 1234
DEBUG_TIMEOUT ?= 3600

QEMU := qemu-system-x86_64
# isa-debug-exit turns the kernel's last outb into QEMU's exit status: 2v+1.
QEMU_BASE = $(QEMU) -accel tcg -machine $(MACHINE) -m $(MEM) -smp $(SMP) \
	-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel build/bzImage

# ---------------------------------------------------------------------------
# Debian packages, by the step that needs them.
PKGS_BUILD := make gcc binutils noweb qemu-system-x86 python3 gdb
PKGS_TEST  := perl clang libclang-rt-14-dev llvm-14 dpkg-dev linux-source-6.1 busybox-static
PKGS_BENCH := libjemalloc-dev libmimalloc-dev
PKGS_BOOK  := graphviz doxygen pandoc python3-pygments texlive-latex-base \
	texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
	lmodern librsvg2-bin chromium poppler-utils
PKGS := $(PKGS_BUILD) $(PKGS_TEST) $(PKGS_BOOK) $(PKGS_BENCH)

# ---------------------------------------------------------------------------
# Compilers. The kernel is freestanding; the host tests compile the same
# tangled files with the host compiler, still without the C library's headers.
CC      := gcc
LD      := ld
OBJCOPY := objcopy
WARN    := -Wall -Wextra -Werror
KINC    := -nostdinc -Isrc/include

KCFLAGS := -std=gnu11 -O2 -g $(WARN) $(KINC) -D__KERNEL__ \
	-ffreestanding -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone \
	-mno-mmx -mno-sse -mno-sse2 -mno-avx -mgeneral-regs-only \
	-fno-stack-protector -fno-omit-frame-pointer -fno-common \
	-fno-asynchronous-unwind-tables -fcf-protection=none -MMD -MP
KAFLAGS := $(KINC) -D__KERNEL__ -D__ASSEMBLY__ -g -MMD -MP

# The real-mode setup is C compiled for 16-bit mode, as Linux's arch/x86/boot.
BCFLAGS := -std=gnu11 -m16 -march=i386 -Os -g $(WARN) $(KINC) -D__KERNEL__ \
	-ffreestanding -fno-pic -fno-pie -mregparm=3 -mpreferred-stack-boundary=2 \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-jump-tables \
	-fcf-protection=none -mno-mmx -mno-sse -MMD -MP
BAFLAGS := -m16 $(KINC) -D__KERNEL__ -D__ASSEMBLY__ -g -MMD -MP

HOST_CFLAGS := -std=gnu11 -O1 -g $(WARN) -fno-omit-frame-pointer -MMD -MP
SANITIZE    := -fsanitize=address,undefined -fno-sanitize-recover=all

# Quiet by default, as Linux's kbuild; V=1 shows the commands.
ifeq ($(V),1)
Q :=
say =
else
Q := @
say = @printf '  %-8s %s\n' '$(1)' '$(2)'
endif

PROVE := prove --exec '' --jobs 2 --timer

.PHONY: help setup tangle kernel boot debug test host-tests fuzz-tests book figures clean \
	labs lab grade \
	linux-debian bench-boot bench

help:
	@echo 'startmem: a literate kernel that brings up physical memory as Linux does.'
	@echo
	@echo '  make boot     set up, build and boot the kernel in QEMU (serial on this terminal)'
	@echo '                MACHINE=q35|pc MEM=512M SMP=1 CMDLINE="show_mem buddyinfo" QEMU_ARGS="..."'
	@echo '                CMDLINE options of ours: selftest ptdump memreport show_mem buddyinfo'
	@echo '                pagetypeinfo zoneinfo meminfo slabinfo vmallocinfo (the memory texts of SysRq-m and /proc)'
	@echo '                From a terminal it ends at the kernel'"'"'s shell (rdinit=/bin/sh; `help`,'
	@echo '                `poweroff`); BOOT_SHELL=0 powers off as without one, BOOT_SHELL=1 always'
	@echo '                starts the shell. SCRIPT=FILE runs FILE'"'"'s shell commands as /init of an'
	@echo '                initramfs, then powers off'
	@echo '  make test     set up and run every test; ends with one summary line'
	@echo '  make book     weave the HTML book (site/index.html), its API reference'
	@echo '                (site/api/) and the PDF (site/startmem.pdf)'
	@echo '  make figures  boot the figures'"'"' machine (figures/machine.json) and draw site/figures/'
	@echo '  make kernel   tangle and build build/bzImage (and build/vmlinux for gdb)'
	@echo '  make debug    boot halted with a gdb stub, and attach gdb to it (GDB_PORT=1234)'
	@echo '  make bench-boot  time boots of our kernel and of Debian'"'"'s Linux under QEMU TCG'
	@echo '  make bench    run the benchmarks (tests/bench): on the host, then in QEMU'
	@echo '  make labs     list the course labs cut from the chapters (README: Teaching)'
	@echo '  make lab LAB=NAME [DEST=labs/NAME]  write a student tree for one lab'
	@echo '  make grade [HIDDEN=FILE]  in a student tree: grade the lab, print Score: N/M'
	@echo '  make book EDITION=student  also weave the student edition into site/student/'
	@echo '  make tangle   write src/ from book/*.nw'
	@echo '  make setup    install the missing Debian packages (as root)'
	@echo '  make clean    remove build/, src/ and site/'

# ---------------------------------------------------------------------------
setup:
	@missing=$$(for p in $(PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "setup: installing" $$missing; \
		if [ "$$(id -u)" != 0 ]; then echo "setup: run as root to install packages" >&2; exit 1; fi; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

# ---------------------------------------------------------------------------
# Tangling. Every chapter is tangled on its own, so chunk names are
# per-chapter; a stamp per chapter keeps `make` incremental.
CHAPTERS := $(shell cat book/chapters)
TANGLE_STAMPS := $(patsubst %,build/tangle/%.stamp,$(CHAPTERS))

tangle: $(TANGLE_STAMPS)
	@cat $(TANGLE_STAMPS:.stamp=.roots) | sort > build/tangle/all.roots
	@cd src && find . -type f | sed 's|^\./||' | sort | comm -23 - ../build/tangle/all.roots | \
		while read -r f; do echo "  RM       src/$$f (no chapter tangles it)"; rm -f "$$f"; done

build/tangle/%.stamp: book/%.nw tools/tangle.sh
	@mkdir -p $(@D) src
	$(call say,TANGLE,$<)
	@tools/tangle.sh $< src $(@:.stamp=.roots)
	@touch $@

# ---------------------------------------------------------------------------
# The kernel. The file lists come from src/, so they are computed in a
# sub-make that runs after tangling.
kernel: setup tangle
	@$(MAKE) --no-print-directory build/bzImage

ifneq ($(wildcard src),)
BOOT_SRCS   := $(shell find src/arch/x86/boot \( -name '*.c' -o -name '*.S' \) 2>/dev/null | grep -v '\.lds\.S$$' | sort)
KERNEL_SRCS := $(shell find src -path src/arch/x86/boot -prune -o \( -name '*.c' -o -name '*.S' \) -print | grep -v '\.lds\.S$$' | sort)
endif
BOOT_OBJS   := $(patsubst src/%,build/%.o,$(BOOT_SRCS))
KERNEL_OBJS := $(patsubst src/%,build/%.o,$(KERNEL_SRCS))

build/arch/x86/boot/%.c.o: src/arch/x86/boot/%.c
	@mkdir -p $(@D)
	$(call say,CC16,$<)
	$(Q)$(CC) $(BCFLAGS) -c $< -o $@
build/arch/x86/boot/%.S.o: src/arch/x86/boot/%.S
	@mkdir -p $(@D)
	$(call say,AS16,$<)
	$(Q)$(CC) $(BAFLAGS) -c $< -o $@
build/%.c.o: src/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@
build/%.S.o: src/%.S
	@mkdir -p $(@D)
	$(call say,AS,$<)
	$(Q)$(CC) $(KAFLAGS) -c $< -o $@
build/%.lds: src/%.lds.S
	@mkdir -p $(@D)
	$(call say,LDS,$<)
	$(Q)$(CC) -E -P -x c $(KINC) -D__ASSEMBLY__ -D__LINKER__ $< -o $@

# vmlinux: the 64-bit kernel, linked at __START_KERNEL_map; vmlinux.bin is
# its load image, which the boot loader puts at 1 MiB.
build/vmlinux: $(KERNEL_OBJS) build/arch/x86/kernel/vmlinux.lds
	$(call say,LD,$@)
	$(Q)$(LD) -n -z noexecstack --no-warn-rwx-segments -T build/arch/x86/kernel/vmlinux.lds -o $@ $(KERNEL_OBJS)
build/vmlinux.bin: build/vmlinux
	$(call say,OBJCOPY,$@)
	$(Q)$(OBJCOPY) -O binary $< $@

# setup.bin: the real-mode part. Its header records the sizes of both parts,
# so it is linked after vmlinux.bin exists.
build/setup.elf: $(BOOT_OBJS) build/arch/x86/boot/setup.lds build/vmlinux.bin build/vmlinux
	$(call say,LD,$@)
	$(Q)$(LD) -m elf_i386 -z noexecstack --no-warn-rwx-segments -T build/arch/x86/boot/setup.lds \
		--defsym=SYSSIZE=$$(( ($$(stat -c %s build/vmlinux.bin) + 15) / 16 )) \
		--defsym=INIT_SIZE=0x$$(nm build/vmlinux | awk '$$3=="__init_size"{print $$1}') \
		-o $@ $(BOOT_OBJS)
build/setup.bin: build/setup.elf
	$(call say,OBJCOPY,$@)
	$(Q)$(OBJCOPY) -O binary $< $@
	$(Q)truncate -s %512 $@

build/bzImage: build/setup.bin build/vmlinux.bin
	$(Q)cat $^ > $@
	@echo "  bzImage: $$(stat -c %s $@) bytes (setup $$(stat -c %s build/setup.bin), kernel $$(stat -c %s build/vmlinux.bin))"

-include $(shell find build -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------
# With SCRIPT, an initramfs holds it as /init, which the kernel runs;
# from a terminal (BOOT_SHELL=auto, and no self-tests to report), an
# initramfs of tools/initramfs/ and rdinit=/bin/sh start the shell, and
# SHELL_TIMEOUT bounds the session instead of BOOT_TIMEOUT.
boot: kernel
	@cmdline="$(CMDLINE)"; initrd=; limit=$(BOOT_TIMEOUT); mkdir -p build/initramfs; \
	if [ -n "$(SCRIPT)" ]; then \
		python3 tools/mkinitramfs.py build/initramfs/script.cpio --tree tools/initramfs \
			init="$(SCRIPT)" || exit 1; \
		initrd="-initrd build/initramfs/script.cpio"; \
	elif [ "$(BOOT_SHELL)" = 1 ] || { [ "$(BOOT_SHELL)" = auto ] && [ -t 0 ] && \
			! echo " $(CMDLINE) " | grep -q ' selftest '; }; then \
		python3 tools/mkinitramfs.py build/initramfs/shell.cpio --tree tools/initramfs || exit 1; \
		initrd="-initrd build/initramfs/shell.cpio"; cmdline="$${cmdline:+$$cmdline }rdinit=/bin/sh"; \
		limit=$(SHELL_TIMEOUT); \
	fi; \
	echo "Booting: $(QEMU_BASE) $$initrd -append \"$$cmdline\" -nographic $(QEMU_ARGS)"; \
	timeout --foreground -k 5 $$limit $(QEMU_BASE) $$initrd -append "$$cmdline" -nographic $(QEMU_ARGS); \
	status=$$?; \
	case $$status in \
	33) echo "startmem: the kernel finished; QEMU exited 33 (success)";; \
	35) echo "startmem: a self-test failed (QEMU exited 35)"; exit 1;; \
	37) echo "startmem: the kernel panicked (QEMU exited 37)"; exit 1;; \
	124) echo "startmem: no exit after $$limit s; QEMU was stopped"; exit 1;; \
	0) echo "startmem: the machine reset: a triple fault, or a crash before the kernel could say so"; exit 1;; \
	*) echo "startmem: QEMU exited $$status"; exit 1;; \
	esac

# QEMU starts halted with a gdb stub on localhost:GDB_PORT; gdb connects
# (retrying while QEMU starts), stops at start_kernel, and reads the rest
# of its commands from the terminal. Quitting gdb stops QEMU (by its PID);
# DEBUG_TIMEOUT bounds a forgotten session.
debug: kernel
	@rm -f build/debug-serial.log; \
	timeout $(DEBUG_TIMEOUT) $(QEMU_BASE) -append "$(CMDLINE)" -display none \
		-serial file:build/debug-serial.log $(QEMU_ARGS) \
		-gdb tcp:127.0.0.1:$(GDB_PORT) -S & qpid=$$!; \
	trap 'kill $$qpid 2>/dev/null' EXIT INT TERM HUP; \
	echo "QEMU (pid $$qpid) waits for gdb on 127.0.0.1:$(GDB_PORT); serial output goes to build/debug-serial.log"; \
	gdb -q build/vmlinux -ex 'set confirm off' -ex 'set remotetimeout $(DEBUG_TIMEOUT)' \
		-ex 'set tcp connect-timeout $(DEBUG_TIMEOUT)' -ex 'target remote 127.0.0.1:$(GDB_PORT)' \
		-ex 'hbreak start_kernel' -ex 'continue'; \
	kill $$qpid 2>/dev/null; wait $$qpid 2>/dev/null; true

# ---------------------------------------------------------------------------
# Host tests: tests/host/NAME_test.c with tests/host/NAME_test.mk, which sets
# NAME_test_SRCS to the tangled files under test. The kernel's files and the
# test itself are compiled without the C library's headers (-nostdinc), as in
# the kernel; only tests/host/tap.c and host_lib.c see libc. Each test is
# built twice: plainly, and with AddressSanitizer and UndefinedBehaviorSanitizer.
HOST_TESTS := $(patsubst tests/host/%.c,%,$(wildcard tests/host/*_test.c))
-include $(wildcard tests/host/*_test.mk)
HOST_LIBS := tap host_lib

build/host/%.c.o: src/%.c
	@mkdir -p $(@D)
	$(call say,HOSTCC,$<)
	$(Q)$(CC) $(HOST_CFLAGS) $(KINC) -c $< -o $@
build/host-san/%.c.o: src/%.c
	@mkdir -p $(@D)
	$(call say,HOSTCC,$< [san])
	$(Q)$(CC) $(HOST_CFLAGS) $(SANITIZE) $(KINC) -c $< -o $@
build/host/tests/%.o: tests/host/%.c
	@mkdir -p $(@D)
	$(call say,HOSTCC,$<)
	$(Q)$(CC) $(HOST_CFLAGS) $(if $(filter $(HOST_LIBS),$*),,$(KINC)) -Itests/host -c $< -o $@
build/host-san/tests/%.o: tests/host/%.c
	@mkdir -p $(@D)
	$(call say,HOSTCC,$< [san])
	$(Q)$(CC) $(HOST_CFLAGS) $(SANITIZE) $(if $(filter $(HOST_LIBS),$*),,$(KINC)) -Itests/host -c $< -o $@

define host_test
$(1)_OBJS = build/host/tests/$(1).o $(patsubst %,build/host/tests/%.o,$(HOST_LIBS)) \
	$$(patsubst src/%,build/host/%.o,$$($(1)_SRCS))
build/tests/host/$(1): $$($(1)_OBJS)
	@mkdir -p $$(@D)
	$$(call say,HOSTLD,$$@)
	$$(Q)$$(CC) $$(HOST_CFLAGS) -o $$@ $$^
build/tests/host/$(1).san: $$(subst build/host/,build/host-san/,$$($(1)_OBJS))
	@mkdir -p $$(@D)
	$$(call say,HOSTLD,$$@)
	$$(Q)$$(CC) $$(HOST_CFLAGS) $$(SANITIZE) -o $$@ $$^
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_test,$(t))))

HOST_BINS := $(foreach t,$(HOST_TESTS),build/tests/host/$(t) build/tests/host/$(t).san)

host-tests: $(HOST_BINS)

# ---------------------------------------------------------------------------
# Fuzz targets: tests/fuzz/NAME_fuzz.c with tests/fuzz/NAME_fuzz.mk, which sets
# NAME_fuzz_SRCS to the tangled files under test (and NAME_fuzz_LDFLAGS, if
# the target needs linker flags). They are built with clang's
# libFuzzer, ASan and UBSan; tests/fuzz/NAME_fuzz.t runs each for a bounded
# number of inputs (the parsers') or time (the allocators', FUZZ_SECONDS)
# from its seed corpus, tests/fuzz/corpus/NAME/.
FUZZ_CC      := clang
FUZZ_SECONDS ?=		# empty: each NAME_fuzz.t's own default (20-30 s)
FUZZ_CFLAGS  := -std=gnu11 -O1 -g $(WARN) -fno-omit-frame-pointer -MMD -MP \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_TESTS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*_fuzz.c))
-include $(wildcard tests/fuzz/*_fuzz.mk)

# The kernel's files are held to -Werror by gcc in the kernel build; here
# clang's different warnings are shown but do not stop the fuzz targets
# (and designated initializers that leave fields zero are not one).
build/fuzz/%.c.o: src/%.c
	@mkdir -p $(@D)
	$(call say,FUZZCC,$<)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-error -Wno-missing-field-initializers -fsanitize=fuzzer-no-link $(KINC) -c $< -o $@
build/fuzz/tests/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(call say,FUZZCC,$<)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(KINC) -c $< -o $@
build/fuzz/tests/host_lib.o: tests/host/host_lib.c
	@mkdir -p $(@D)
	$(call say,FUZZCC,$<)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

# Each target is also built for coverage (NAME.cov): clang's source-based
# coverage (-fprofile-instr-generate -fcoverage-mapping), no sanitizers.
# NAME_fuzz.t replays the corpus its run produced through it and prints
# line coverage per parser (llvm-profdata-14, llvm-cov-14: Debian's llvm-14).
FUZZ_COV_CFLAGS := -std=gnu11 -O1 -g $(WARN) -fno-omit-frame-pointer -MMD -MP \
	-fprofile-instr-generate -fcoverage-mapping

build/fuzz-cov/%.c.o: src/%.c
	@mkdir -p $(@D)
	$(call say,FUZZCOV,$<)
	$(Q)$(FUZZ_CC) $(FUZZ_COV_CFLAGS) -Wno-error -Wno-missing-field-initializers -fsanitize=fuzzer-no-link $(KINC) -c $< -o $@
build/fuzz-cov/tests/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(call say,FUZZCOV,$<)
	$(Q)$(FUZZ_CC) $(FUZZ_COV_CFLAGS) -fsanitize=fuzzer-no-link $(KINC) -c $< -o $@
build/fuzz-cov/tests/host_lib.o: tests/host/host_lib.c
	@mkdir -p $(@D)
	$(call say,FUZZCOV,$<)
	$(Q)$(FUZZ_CC) $(FUZZ_COV_CFLAGS) -c $< -o $@

define fuzz_test
build/tests/fuzz/$(1): build/fuzz/tests/$(1).o build/fuzz/tests/host_lib.o \
		$$(patsubst src/%,build/fuzz/%.o,$$($(1)_SRCS))
	@mkdir -p $$(@D)
	$$(call say,FUZZLD,$$@)
	$$(Q)$$(FUZZ_CC) $$(FUZZ_CFLAGS) -fsanitize=fuzzer -o $$@ $$^ $$($(1)_LDFLAGS)
build/tests/fuzz/$(1).cov: build/fuzz-cov/tests/$(1).o build/fuzz-cov/tests/host_lib.o \
		$$(patsubst src/%,build/fuzz-cov/%.o,$$($(1)_SRCS))
	@mkdir -p $$(@D)
	$$(call say,FUZZLD,$$@)
	$$(Q)$$(FUZZ_CC) $$(FUZZ_COV_CFLAGS) -fsanitize=fuzzer -o $$@ $$^ $$($(1)_LDFLAGS)
endef
$(foreach t,$(FUZZ_TESTS),$(eval $(call fuzz_test,$(t))))

fuzz-tests: $(patsubst %,build/tests/fuzz/%,$(FUZZ_TESTS)) \
	$(patsubst %,build/tests/fuzz/%.cov,$(FUZZ_TESTS))

# Boot tests: tests/boot/*.t, Python scripts that print TAP. They boot QEMU
# through tests/boot/harness.py, at most two at a time (one per core), and
# compare our kernel with Debian's own Linux (build/debian/vmlinuz).
# The book is woven while the host and fuzz tests build (the two cores
# busy: the kernel, which the figures boot, is built first; its HTML and
# PDF are made side by side); if it fails,
# tests/book/weave.t reports why (from build/book/make.log) and the other
# tests go on. prove runs two files at a time, the longest ones first
# (TESTS_FIRST, from a timed run), so that none of them starts last and
# runs on alone; every other test follows in name order. The run keeps
# its boots of our kernel in TEST_KERNEL_CACHE, emptied first, so that
# tests (and the figures) that boot the same kernel the same way share
# one boot (tests/boot/harness.py).
TESTS_FIRST := tests/labs/labs.t tests/boot/e820_diff.t tests/book/originality.t \
	tests/boot/zones_diff.t tests/boot/zonelists_diff.t tests/boot/sparse_vmemmap.t \
	tests/boot/apic_diff.t tests/book/browser.t tests/boot/numa.t tests/boot/quoted_logs.t \
	tests/boot/e820_cmdline.t tests/boot/smpboot_diff.t tests/boot/percpu_diff.t
TESTS := $(HOST_BINS) \
	$(sort $(wildcard tests/boot/*.t tests/book/*.t tests/fuzz/*.t tests/figures/*.t tests/labs/*.t))
TEST_KERNEL_CACHE := $(CURDIR)/build/boot/kernel-cache

test: export STARTMEM_KERNEL_CACHE_DIR = $(TEST_KERNEL_CACHE)
test: setup tangle
	@$(MAKE) --no-print-directory build/bzImage
	@rm -rf $(TEST_KERNEL_CACHE); mkdir -p build/book; \
	{ $(MAKE) -j2 --no-print-directory book >build/book/make.log 2>&1; \
		echo $$? >build/book/make.status; } & \
	$(MAKE) --no-print-directory host-tests fuzz-tests $(DEBIAN_LINUX); status=$$?; \
	wait; exit $$status
	@$(if $(FUZZ_SECONDS),FUZZ_SECONDS=$(FUZZ_SECONDS)) \
		$(PROVE) $(filter $(TESTS),$(TESTS_FIRST)) $(filter-out $(TESTS_FIRST),$(TESTS))

# Debian 12's own Linux 6.1, to compare our output with and to time: the
# metapackage linux-image-amd64 names the versioned kernel package, which
# apt-get downloads (nothing is installed, /boot is left alone); only its
# kernel image is unpacked, into build/debian/.
DEBIAN_LINUX := build/debian/vmlinuz
linux-debian: $(DEBIAN_LINUX)
$(DEBIAN_LINUX):
	@mkdir -p $(@D)
	$(Q)resolve() { apt-cache depends linux-image-amd64 2>/dev/null | \
		sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$$/\1/p' | head -n 1; }; \
	pkg=$$(resolve); \
	if [ -z "$$pkg" ]; then apt-get update -qq && pkg=$$(resolve); fi; \
	if [ -z "$$pkg" ]; then echo "linux-debian: linux-image-amd64 names no 6.1 kernel package" >&2; exit 1; fi; \
	rm -rf $(@D)/*.deb $(@D)/pkg && \
	(cd $(@D) && apt-get download -q=2 -o APT::Sandbox::User=root $$pkg) && \
	deb=$$(ls $(@D)/$${pkg}_*.deb) && \
	echo "  DEB      $$deb" && \
	mkdir $(@D)/pkg && dpkg-deb --fsys-tarfile $$deb | tar -x -C $(@D)/pkg --wildcards './boot/vmlinuz-*' && \
	dpkg-deb -f $$deb Package Version > $(@D)/version && \
	mv $(@D)/pkg/boot/vmlinuz-* $@ && rm -rf $(@D)/pkg $$deb

# Benchmarks: tests/bench/NAME_bench.c with NAME_bench.mk (NAME_bench_SRCS),
# compiled like the kernel (-O2, -nostdinc) for the host, with bench_lib.c
# (the C library's clock and output); tests/bench/*.py boot the kernel to run
# its own benchmarks. `make bench` runs them all; they print figures and
# check nothing.
BENCHES := $(patsubst tests/bench/%.c,%,$(wildcard tests/bench/*_bench.c))
-include $(wildcard tests/bench/*_bench.mk)
BENCH_CFLAGS := -std=gnu11 -O2 -g $(WARN) -MMD -MP

build/bench/%.c.o: src/%.c
	@mkdir -p $(@D)
	$(call say,BENCHCC,$<)
	$(Q)$(CC) $(BENCH_CFLAGS) $(KINC) -c $< -o $@
build/bench/tests/%.o: tests/bench/%.c
	@mkdir -p $(@D)
	$(call say,BENCHCC,$<)
	$(Q)$(CC) $(BENCH_CFLAGS) $(if $(filter bench_lib,$*),,$(KINC)) -Itests/bench -c $< -o $@

define bench_prog
build/bench/$(1): build/bench/tests/$(1).o build/bench/tests/bench_lib.o \
		$$(patsubst src/%,build/bench/%.o,$$($(1)_SRCS))
	$$(call say,BENCHLD,$$@)
	$$(Q)$$(CC) $$(BENCH_CFLAGS) -o $$@ $$^
endef
$(foreach b,$(BENCHES),$(eval $(call bench_prog,$(b))))

bench: kernel $(DEBIAN_LINUX)
	@$(MAKE) --no-print-directory $(patsubst %,build/bench/%,$(BENCHES))
	@for b in $(BENCHES); do echo "== $$b, on the host"; build/bench/$$b || exit 1; done
	@for b in $(wildcard tests/bench/*.py); do echo "== $$b"; $$b || exit 1; done

bench-boot: kernel $(DEBIAN_LINUX)
	@tests/boot/bench_boot.py

# ---------------------------------------------------------------------------
# Figures: figures/generate.py boots build/bzImage on the machine that
# figures/machine.json documents, with `memreport` on the command line, and
# draws what the kernel reports into site/figures/: NAME.dot, NAME.svg,
# NAME.pdf, and memreport.jsonl. figures/README.md says more.
FIGURE_SRCS := $(wildcard figures/*.py figures/*.json)

figures: kernel
	@$(MAKE) --no-print-directory site/figures/figures.txt

site/figures/figures.txt: build/bzImage $(FIGURE_SRCS)
	$(call say,FIGURES,site/figures/)
	$(Q)figures/generate.py

# The book: site/NAME.html for every chapter of book/chapters, with the
# contents, chunk and identifier indexes (tools/book/weave.py); the API
# reference in site/api/ (Doxygen, from src/); site/startmem.pdf
# (tools/book/pdf.py). Figures come from `make figures` (site/figures/).
# Each step keeps its messages in build/book/*.log for tests/book.
BOOK_NW := $(patsubst %,book/%.nw,$(CHAPTERS))

book: setup tangle figures
	@$(MAKE) --no-print-directory -k site/index.html site/startmem.pdf
	$(Q)python3 tools/lab.py handouts site
ifeq ($(EDITION),student)
	$(call say,WEAVE,site/student/ (the student edition))
	$(Q)python3 tools/lab.py student-book site/student
endif

site/api/index.html: $(TANGLE_STAMPS) tools/book/Doxyfile tools/book/kerneldoc2doxygen
	$(call say,DOXYGEN,site/api/)
	@rm -rf site/api && mkdir -p site/api build/book
	$(Q)tools/book/kerneldoc2doxygen src build/book/api-src
	$(Q)doxygen tools/book/Doxyfile >build/book/doxygen.log 2>&1 || { cat build/book/doxygen.log; exit 1; }

site/index.html: $(BOOK_NW) book/chapters site/api/index.html $(wildcard site/figures/*.svg) \
		tools/book/weave.py tools/book/raw-latex.lua tools/book/book.css
	$(call say,WEAVE,site/)
	@mkdir -p build/book
	$(Q)python3 tools/book/weave.py 2>build/book/weave.log; status=$$?; cat build/book/weave.log >&2; exit $$status

site/startmem.pdf: $(BOOK_NW) book/chapters $(wildcard site/figures/*) \
		tools/book/pdf.py tools/book/startmem.tex
	$(call say,PDFLATEX,$@)
	@mkdir -p build/book site
	$(Q)python3 tools/book/pdf.py 2>build/book/pdf.log; status=$$?; cat build/book/pdf.log >&2; exit $$status

# ---------------------------------------------------------------------------
# Labs: course assignments cut from the chapters (tools/lab.py, book/labs/).
# `make lab` copies the project into DEST with one lab's solution chunks
# replaced by their stubs; `make grade`, run there, grades it.
DEST ?= labs/$(LAB)

labs:
	@python3 tools/lab.py list

lab:
	@test -n "$(LAB)" || { echo 'make lab LAB=NAME: `make labs` lists the labs' >&2; exit 1; }
	@python3 tools/lab.py tree $(LAB) $(DEST)

grade: setup
	@test -f .lab || { echo 'make grade runs in a student tree: make lab LAB=NAME first' >&2; exit 1; }
	@python3 tools/lab.py grade $(if $(HIDDEN),--hidden $(abspath $(HIDDEN)))

# ---------------------------------------------------------------------------
clean:
	rm -rf build src site
