vmalloc_fuzz_SRCS := src/kernel/printk/printk.c src/lib/vsprintf.c src/lib/cmdline.c src/lib/kunit/test.c src/lib/rbtree.c
