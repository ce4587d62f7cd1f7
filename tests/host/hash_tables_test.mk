hash_tables_test_SRCS := src/mm/hash_tables.c src/kernel/printk/printk.c src/lib/vsprintf.c src/lib/cmdline.c src/lib/kunit/test.c
