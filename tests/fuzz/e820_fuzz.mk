e820_fuzz_SRCS := src/arch/x86/kernel/e820.c src/arch/x86/kernel/memblock_setup.c \
	src/mm/memblock.c src/kernel/printk/printk.c src/lib/vsprintf.c src/lib/cmdline.c \
	src/lib/kunit/test.c
