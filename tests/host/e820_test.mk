e820_test_SRCS := src/arch/x86/kernel/e820.c src/lib/cmdline.c src/lib/vsprintf.c src/kernel/printk/printk.c src/lib/kunit/test.c
