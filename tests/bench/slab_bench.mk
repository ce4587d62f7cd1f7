slab_bench_SRCS := src/mm/slab.c src/mm/page_alloc.c src/mm/show_mem.c src/mm/zonelists.c src/mm/memblock.c \
	src/kernel/printk/printk.c src/lib/vsprintf.c src/lib/cmdline.c src/lib/kunit/test.c
