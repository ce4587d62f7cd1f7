zones_test_SRCS := src/mm/mm_init.c src/kernel/padata.c src/arch/x86/mm/numa.c src/drivers/acpi/tables.c \
	src/mm/memblock.c src/mm/sparse.c src/mm/sparse-vmemmap.c src/kernel/printk/printk.c \
	src/lib/vsprintf.c src/lib/cmdline.c src/lib/kunit/test.c
