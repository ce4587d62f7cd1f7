// SPDX-License-Identifier: GPL-2.0-only
/*
 * head64_test.c - copy_bootdata() (book/boot.nw) on zero pages a hostile
 * or broken boot loader could hand over.
 *
 * The zero page is built here field by field; the bounds are worked out by
 * hand from the boot protocol (cmd_line_ptr at 0x228, ext_cmd_line_ptr at
 * 0x0c8, COMMAND_LINE_SIZE 2048) and the early identity map ([0, 1 GiB)).
 * A pointer the kernel must not follow points at host memory nobody maps,
 * so following it would crash this test.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/setup.h>
#include <asm/bootparam.h>
#include <kunit/test.h>
#include "tap.h"

/* What the rest of the kernel provides to head64.c */
void idt_setup_early_handler(void) {}
void start_kernel(void) { test_abort("start_kernel() called"); }

static struct boot_params zero_page;

static void load(u32 low, u32 high)
{
	memset(&zero_page, 0, sizeof(zero_page));
	zero_page.hdr.cmd_line_ptr = low;
	zero_page.ext_cmd_line_ptr = high;
	memcpy(boot_command_line, "left over", 10);
	boot_cmdline_lost_at = 0;
	copy_bootdata((const char *)&zero_page);
}

/*
 *   ext_cmd_line_ptr = 0xffffffff, cmd_line_ptr = 0xfffff900
 *   pointer 0xfffffffffffff900; pointer + 2048 wraps to 0x100, "below 1 GiB"
 *
 * Expect the line not read (reading it would fault), its address kept for
 * the warning, and an empty command line.
 */
static void cmdline_pointer_wraps_check(void)
{
	load(0xfffff900, 0xffffffff);
	tap_eq(boot_cmdline_lost_at, 0xfffffffffffff900ULL,
	       "wrapping pointer: kept for the warning, not followed");
	tap_eq_str(boot_command_line, "", "wrapping pointer: empty command line");
	tap_eq(zero_page.ext_cmd_line_ptr, boot_params.ext_cmd_line_ptr,
	       "wrapping pointer: the zero page is still copied");
}

/*
 *   0x0000_0000_3fff_f801 .. +2048 ends one byte past 1 GiB  -> lost
 *   0xffff_ffff_0002_0000 (a high half set by mistake)       -> lost
 *   0                                                        -> no line, not lost
 *
 * Expect each refused line to be remembered and the line left empty.
 */
static void cmdline_pointer_bounds_check(void)
{
	load(0x3ffff801, 0);
	tap_eq(boot_cmdline_lost_at, 0x3ffff801, "one byte past 1 GiB: refused");
	tap_eq_str(boot_command_line, "", "one byte past 1 GiB: empty command line");
	load(0x20000, 0xffffffff);
	tap_eq(boot_cmdline_lost_at, 0xffffffff00020000ULL, "high half set: refused");
	load(0, 0);
	tap_eq(boot_cmdline_lost_at, 0, "no pointer: nothing lost");
	tap_eq_str(boot_command_line, "", "no pointer: empty command line");
}

/*
 *   0x20000 (QEMU's)  0x3ffff800 (ends at 1 GiB)  0x3ffff801  1 GiB  ~0
 *      yes               yes                        no        no    no
 *
 * Expect cmd_line_ptr_is_mapped() to say so, and the self-test to pass.
 */
static void cmd_line_ptr_is_mapped_check(void)
{
	extern struct kunit_suite *const __start_kunit_test_suites[];
	extern struct kunit_suite *const __stop_kunit_test_suites[];

	tap_ok(cmd_line_ptr_is_mapped(0x20000), "0x20000 is mapped");
	tap_ok(cmd_line_ptr_is_mapped(SZ_1G - SZ_2K), "1 GiB - 2 KiB is mapped");
	tap_ok(!cmd_line_ptr_is_mapped(SZ_1G - SZ_2K + 1), "1 GiB - 2 KiB + 1 is not");
	tap_ok(!cmd_line_ptr_is_mapped(U64_MAX - SZ_2K + 1), "the last 2 KiB of the space are not");
	tap_ok(!cmd_line_ptr_is_mapped(U64_MAX), "~0 is not");
	tap_eq(kunit_run_suites(__start_kunit_test_suites,
				__stop_kunit_test_suites - __start_kunit_test_suites), 0,
	       "the head64 KUnit self-test passes on the host");
}

int main(void)
{
	cmdline_pointer_wraps_check();
	cmdline_pointer_bounds_check();
	cmd_line_ptr_is_mapped_check();
	return tap_done();
}
