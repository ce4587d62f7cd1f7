numa_test_SRCS := src/arch/x86/mm/numa.c src/drivers/acpi/tables.c src/mm/memblock.c \
	src/kernel/printk/printk.c src/lib/vsprintf.c src/lib/cmdline.c src/lib/kunit/test.c
