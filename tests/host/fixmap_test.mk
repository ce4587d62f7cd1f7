fixmap_test_SRCS := src/mm/early_ioremap.c src/lib/vsprintf.c src/lib/cmdline.c src/kernel/printk/printk.c src/lib/kunit/test.c
