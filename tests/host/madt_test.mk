madt_test_SRCS := src/arch/x86/kernel/acpi/boot.c src/arch/x86/kernel/apic/apic.c \
	src/arch/x86/kernel/apic/io_apic.c src/drivers/acpi/tables.c src/mm/memblock.c \
	src/kernel/printk/printk.c src/lib/vsprintf.c src/lib/cmdline.c src/lib/kunit/test.c
