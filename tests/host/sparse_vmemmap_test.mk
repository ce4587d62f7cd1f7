sparse_vmemmap_test_SRCS := src/mm/sparse.c src/kernel/padata.c src/mm/sparse-vmemmap.c src/mm/memblock.c src/mm/mm_init.c \
	src/lib/vsprintf.c src/lib/cmdline.c src/lib/kunit/test.c
