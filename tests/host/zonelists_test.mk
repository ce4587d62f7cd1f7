zonelists_test_SRCS := src/mm/zonelists.c src/kernel/printk/printk.c src/lib/vsprintf.c src/lib/cmdline.c src/lib/kunit/test.c
