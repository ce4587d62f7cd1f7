// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmdline_fuzz.c - libFuzzer target for the kernel command line
 * (book/start_kernel.nw and every chapter's early_param and __setup).
 *
 * The input is the command line, cut at COMMAND_LINE_SIZE - 1 bytes as
 * copy_bootdata() cuts it. Each input goes where setup_arch() and
 * start_kernel() send it:
 *
 *   early_console_init()          earlyprintk=, read before anything else
 *   parse_args(do_early_param)    every early_param() handler: memmap= in
 *                                 all its forms, mem=, loglevel=, quiet,
 *                                 debug, numa=, acpi=, panic=, vmemmap=, ...
 *                                 (what parse_early_param() runs, less its
 *                                 run-once flag)
 *   e820__finish_early_params()   the user-defined map, on a QEMU-shaped one
 *   parse_args_unknown()          every __setup() handler, and the words
 *                                 nobody knows
 *
 * main.c, early_printk.c, e820.c and panic.c are compiled into this file
 * so that their static state can be reset between inputs; the UART's
 * ports are simulated (an always-ready transmitter), and panic() returns
 * here. After each input, with code of its own, the harness checks:
 *   - the only panic is Linux's for a broken user map ("Invalid user
 *     supplied memory map"), and it comes from e820__finish_early_params();
 *   - the e820 table, unless the kernel panicked over it: at most
 *     E820_MAX_ENTRIES entries, sorted, disjoint, none empty or wrapping;
 *   - the UART's divisor is 1 to 115200 (a baud rate it can be set to);
 *   - console_loglevel is not negative;
 *   - the unknown words, as listed, are no longer than the line was.
 * A broken check, a crash or a sanitizer report stops the run.
 */

/* The UART and the POST port, simulated: no port I/O in a host process */
#define _ASM_IO_H
#include <linux/types.h>
static inline void outb(u8 v, u16 port) { (void)v; (void)port; }
static inline u8 inb(u16 port) { (void)port; return 0x20; /* THRE */ }

#include "../../src/init/main.c"
#include <linux/acpi.h>
#include "../../src/arch/x86/kernel/early_printk.c"
#include "../../src/arch/x86/kernel/e820.c"
#define panic panic_in_the_kernel	/* the kernel's, renamed; ours is below */
#include "../../src/kernel/panic.c"
#undef panic

/* What the image's linker script, head_64.S and tsc.c provide */
char _text[1], _etext[1], __start_rodata[1], __end_rodata[1], _sdata[1];
char init_stack_guard[PAGE_SIZE], init_stack[PAGE_SIZE], init_stack_end[1];
#define ASM_EXC(name) void name(void); void name(void) { __builtin_trap(); }
ASM_EXC(asm_exc_divide_error) ASM_EXC(asm_exc_debug) ASM_EXC(asm_exc_nmi)
ASM_EXC(asm_exc_int3) ASM_EXC(asm_exc_overflow) ASM_EXC(asm_exc_bounds)
ASM_EXC(asm_exc_invalid_op) ASM_EXC(asm_exc_device_not_available)
ASM_EXC(asm_exc_double_fault) ASM_EXC(asm_exc_coproc_segment_overrun)
ASM_EXC(asm_exc_invalid_tss) ASM_EXC(asm_exc_segment_not_present)
ASM_EXC(asm_exc_stack_segment) ASM_EXC(asm_exc_general_protection)
ASM_EXC(asm_exc_page_fault) ASM_EXC(asm_exc_spurious_interrupt_bug)
ASM_EXC(asm_exc_coprocessor_error) ASM_EXC(asm_exc_alignment_check)
ASM_EXC(asm_exc_machine_check) ASM_EXC(asm_exc_simd_coprocessor_error)
void tsc_early_init(void) { }
void mdelay(unsigned long ms) { (void)ms; }

static void *panic_return[5];	/* __builtin_setjmp's buffer */
static bool panic_allowed;

void panic(const char *fmt, ...)
{
	if (!panic_allowed || strcmp(fmt, "Invalid user supplied memory map"))
		__builtin_trap();
	__builtin_longjmp(panic_return, 1);
}

static void check(bool cond)
{
	if (!cond)
		__builtin_trap();
}

/* QEMU's map for 512 MiB (pc), as e820__memory_setup() leaves it */
static void qemu_e820_table(void)
{
	e820_table->nr_entries = 0;
	e820__range_add(0, 0x9fc00, E820_TYPE_RAM);
	e820__range_add(0x9fc00, 0x400, E820_TYPE_RESERVED);
	e820__range_add(0xf0000, SZ_64K, E820_TYPE_RESERVED);
	e820__range_add(SZ_1M, SZ_512M - SZ_1M - SZ_128K, E820_TYPE_RAM);
	e820__range_add(SZ_512M - SZ_128K, SZ_128K, E820_TYPE_RESERVED);
	e820__range_add(0xfffc0000, SZ_256K, E820_TYPE_RESERVED);
	e820__update_table(e820_table);
	userdef = false;
}

static void reset(const u8 *data, size_t size)
{
	size_t n = min(size, (size_t)COMMAND_LINE_SIZE - 1);

	memcpy(boot_command_line, data, n);
	boot_command_line[n] = '\0';
	console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
	early_serial_base = serial_ports[0];
	early_serial_baud = UART_CLOCK_BAUD;
	early_serial_error = NULL;
	unknown_args[0] = unknown_envs[0] = '\0';
	acpi_disabled = false;
	qemu_e820_table();
}

static void check_e820_table(void)
{
	const struct e820_table *t = e820_table;

	check(t->nr_entries <= E820_MAX_ENTRIES);
	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		check(e->size && e->addr + e->size > e->addr && e->type);
		if (i + 1 < t->nr_entries)
			check(e->addr + e->size <= t->entries[i + 1].addr);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static char early_copy[COMMAND_LINE_SIZE];

	reset(data, size);
	early_console_init();
	memcpy(early_copy, boot_command_line, COMMAND_LINE_SIZE);
	parse_args("early options", early_copy, do_early_param);
	panic_allowed = true;
	if (!__builtin_setjmp(panic_return)) {
		e820__finish_early_params();
		check_e820_table();	/* after a panic the kernel reads it no more */
	}
	panic_allowed = false;
	check(early_serial_baud >= 1 && early_serial_baud <= UART_CLOCK_BAUD);
	check(console_loglevel >= 0);

	setup_command_line(boot_command_line);
	parse_args_unknown();
	check(strlen(unknown_args) + strlen(unknown_envs) <= strlen(boot_command_line));
	unregister_console(&early_serial_console);
	return 0;
}
