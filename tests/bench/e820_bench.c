// SPDX-License-Identifier: GPL-2.0-only
/*
 * e820_bench.c - e820_bench() (book/e820.nw, "Measuring the sweep") on
 * the host: the same code the kernel runs with "e820_bench" on its
 * command line, compiled with -O2 and timed by the host's monotonic
 * clock. The BIOS map is QEMU 7.2's for q35 with 512 MiB, as SeaBIOS
 * gives it. Prints figures; checks nothing.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <linux/sprintf.h>
#include <asm/setup.h>
#include <asm/e820/api.h>
#include "bench.h"

/* What the kernel around e820.c provides */
struct boot_params boot_params;
char boot_command_line[COMMAND_LINE_SIZE];
char _text[1];

void panic(const char *fmt, ...)
{
	static char msg[256];
	va_list args;

	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	bench_abort(msg);
}

static void stdout_write(struct console *con, const char *s, unsigned int len)
{
	(void)con;
	bench_write(s, len);
}

static struct console stdout_console = { .name = "stdout", .write = stdout_write };

static const struct boot_e820_entry q35_512m[] = {
	{ 0x0, 0x9fc00, E820_TYPE_RAM },
	{ 0x9fc00, 0x400, E820_TYPE_RESERVED },
	{ 0xf0000, 0x10000, E820_TYPE_RESERVED },
	{ 0x100000, 0x1fedf000, E820_TYPE_RAM },
	{ 0x1ffdf000, 0x21000, E820_TYPE_RESERVED },
	{ 0xb0000000, 0x10000000, E820_TYPE_RESERVED },
	{ 0xfed1c000, 0x4000, E820_TYPE_RESERVED },
	{ 0xfffc0000, 0x40000, E820_TYPE_RESERVED },
	{ 0xfd00000000, 0x300000000, E820_TYPE_RESERVED },
};

int main(void)
{
	memcpy(boot_params.e820_table, q35_512m, sizeof(q35_512m));
	boot_params.e820_entries = ARRAY_SIZE(q35_512m);
	register_console(&stdout_console);
	bench_describe_host();
	e820_bench();
	return 0;
}
