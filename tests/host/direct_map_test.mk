direct_map_test_SRCS := src/arch/x86/mm/init_64.c src/mm/early_ioremap.c src/mm/memblock.c src/lib/vsprintf.c src/lib/cmdline.c src/kernel/printk/printk.c src/lib/kunit/test.c
