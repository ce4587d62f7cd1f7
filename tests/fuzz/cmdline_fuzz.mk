# Every file that registers a command-line handler, and what they need;
# main.c, early_printk.c, e820.c and panic.c are compiled into the harness
# itself (it resets their static state), tsc.c is replaced by a stub.
cmdline_fuzz_SRCS := $(filter-out src/arch/x86/boot/% src/init/main.c src/kernel/panic.c \
	src/arch/x86/kernel/early_printk.c src/arch/x86/kernel/e820.c src/arch/x86/kernel/tsc.c \
	src/lib/string.c, $(shell find src -name '*.c' 2>/dev/null | sort))
# A symbol only the image defines (the linker script, head_64.S) and that a
# chapter starts to use after this harness was written must not break the
# build: it is reported, and a call to it would crash the run.
cmdline_fuzz_LDFLAGS := -no-pie -Wl,--warn-unresolved-symbols
