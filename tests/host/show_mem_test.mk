show_mem_test_SRCS := src/mm/show_mem.c src/kernel/printk/printk.c src/lib/vsprintf.c src/lib/cmdline.c src/lib/kunit/test.c
