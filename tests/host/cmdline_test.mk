cmdline_test_SRCS := src/lib/cmdline.c src/lib/vsprintf.c src/kernel/printk/printk.c
