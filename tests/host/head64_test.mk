head64_test_SRCS := src/arch/x86/kernel/head64.c src/kernel/printk/printk.c src/lib/vsprintf.c \
	src/lib/cmdline.c src/lib/kunit/test.c
