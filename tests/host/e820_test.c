// SPDX-License-Identifier: GPL-2.0-only
/*
 * e820_test.c - arch/x86/kernel/e820.c (book/e820.nw) on the host.
 *
 * The sanitiser on adversarial maps, each drawn and with its result
 * worked out by hand from the rules (the larger type wins; touching
 * ranges of one type merge; empty entries vanish); the sanitiser against
 * a per-page reference model on random maps and edits; the boot steps
 * of setup_arch() on whole maps and command lines, with every printed
 * line compared with Linux's format as written here; and the chapter's
 * self-tests, shown to pass on a good table and to fail on broken ones.
 *
 * A boot scenario runs in a child process, because the kernel's boot
 * state (the table, "userdef", the parsed options) exists once and a
 * panic does not return; the child reports through shared memory.
 *
 * Run with --figure to print the book's before-and-after picture of the
 * sweep, from a real run (tests/book/e820_figure.t compares it with the
 * book).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/console.h>
#include <linux/init.h>
#include <linux/cmdline.h>
#include <linux/sprintf.h>
#include <kunit/test.h>
#include <asm/setup.h>
#include <asm/page.h>
#include <asm/e820/api.h>
#include "tap.h"

/* The C library, declared here because host tests see no libc headers */
int fork(void);
int waitpid(int pid, int *status, int options);
void _exit(int status) __noreturn;
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
int puts(const char *s);
#define PROT_READ_WRITE		0x3	/* PROT_READ | PROT_WRITE */
#define MAP_SHARED_ANONYMOUS	0x21	/* MAP_SHARED | MAP_ANONYMOUS (Linux) */

#define UNIT	SZ_4K		/* one column of the pictures */
#define TS	"[    0.000000] "	/* printk's prefix; the host clock is 0 */

/* [a, b) in units, of type t */
#define R(a, b, t) { (u64)(a) * UNIT, ((u64)(b) - (a)) * UNIT, (t) }
#define RAM	E820_TYPE_RAM
#define RES	E820_TYPE_RESERVED
#define ACPI	E820_TYPE_ACPI
#define NVS	E820_TYPE_NVS
#define PMEM	E820_TYPE_PMEM
#define PRAM	E820_TYPE_PRAM

/* ---------------------------------------------------------------------
 * What the kernel around e820.c provides
 */
struct boot_params boot_params;
char boot_command_line[COMMAND_LINE_SIZE];
/*
 * The kernel image runs from _text to _end. The host's linker defines
 * _end itself, at the end of the BSS, so the "image" is this array and
 * whatever BSS follows it; its "physical" address, __pa_symbol(), lies
 * far above any map here. Neither is ever dereferenced.
 */
char _text[PAGE_SIZE] __aligned(PAGE_SIZE);

/* ---------------------------------------------------------------------
 * The console: every line printk writes, kept for the checks
 */
#define LOG_SIZE	(64 * 1024)
#define LINE_MAX	256

struct boot_result {
	char log[LOG_SIZE];		/* the console's output */
	size_t log_len;
	bool panicked;
	char panic_msg[LINE_MAX];
	struct e820_table table;	/* e820_table at the end */
	struct e820_table firmware;	/* e820_table_firmware at the end */
	unsigned long max_pfn, max_low_pfn;
	int selftest_failed;		/* kunit_run_suites() on "e820" */
};

static struct boot_result parent_result;
static struct boot_result *result = &parent_result;
static bool in_child;

static void capture_write(struct console *con, const char *s, unsigned int len)
{
	(void)con;
	if (result->log_len + len >= LOG_SIZE)
		len = LOG_SIZE - 1 - result->log_len;
	memcpy(result->log + result->log_len, s, len);
	result->log_len += len;
	result->log[result->log_len] = '\0';
}

static struct console capture_console = { .name = "capture", .write = capture_write };

static void log_reset(void)
{
	result->log_len = 0;
	result->log[0] = '\0';
}

/* Is @line, a whole line, in the log? */
static bool log_has(const struct boot_result *r, const char *line)
{
	size_t n = strlen(line);
	const char *p = r->log;

	while ((p = strstr(p, line))) {
		if ((p == r->log || p[-1] == '\n') && p[n] == '\n')
			return true;
		p++;
	}
	return false;
}

static int log_count(const struct boot_result *r, const char *text)
{
	const char *p = r->log;
	int n = 0;

	while ((p = strstr(p, text))) {
		n++;
		p++;
	}
	return n;
}

/* The log must contain @lines in this order, each as a whole line */
static void expect_lines(const struct boot_result *r, const char *what,
			 const char *const *lines, int n)
{
	const char *p = r->log;
	int i;

	for (i = 0; i < n; i++) {
		const char *q = p;
		size_t len = strlen(lines[i]);

		while ((q = strstr(q, lines[i])) && !((q == r->log || q[-1] == '\n') && q[len] == '\n'))
			q++;
		if (!tap_ok(q != NULL, "%s: line %d in order: %s", what, i, lines[i])) {
			tap_diag("log:\n%s", r->log);
			return;
		}
		p = q + len;
	}
}

/* ---------------------------------------------------------------------
 * panic() does not return: in a child it ends the child, reporting the
 * message; in the parent it is a failure of the whole test.
 */
void panic(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vscnprintf(result->panic_msg, sizeof(result->panic_msg), fmt, args);
	va_end(args);
	result->panicked = true;
	if (in_child)
		_exit(0);
	tap_ok(false, "unexpected panic: %s", result->panic_msg);
	tap_done();
	test_abort(result->panic_msg);
}

/* ---------------------------------------------------------------------
 * Tables
 */
static struct e820_table work;

static void table_set(struct e820_table *t, const struct e820_entry *e, u32 n)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->entries, e, n * sizeof(*e));
	t->nr_entries = n;
}

static void table_dump(const struct e820_table *t)
{
	for (u32 i = 0; i < t->nr_entries; i++)
		tap_diag("  [%u] %#llx + %#llx type %u", i, t->entries[i].addr,
			 t->entries[i].size, t->entries[i].type);
}

static bool table_expect(const struct e820_table *t, const struct e820_entry *want,
			 u32 n, const char *what)
{
	bool same = t->nr_entries == n &&
		    !memcmp(t->entries, want, n * sizeof(*want));

	if (!tap_ok(same, "%s: the table is as expected", what)) {
		tap_diag("got:");
		table_dump(t);
		tap_diag("want:");
		for (u32 i = 0; i < n; i++)
			tap_diag("  [%u] %#llx + %#llx type %u", i, want[i].addr,
				 want[i].size, want[i].type);
	}
	return same;
}

/* Sanitise @in; expect @want and the invariants E1-E4 */
static void sanitize_case(const char *what, const struct e820_entry *in, u32 nin,
			  const struct e820_entry *want, u32 nwant)
{
	table_set(&work, in, nin);
	tap_eq(e820__update_table(&work), 0, "%s: e820__update_table() succeeds", what);
	table_expect(&work, want, nwant, what);
	tap_eq(e820__check_invariants(&work), 0, "%s: invariants E1-E4 hold", what);
}

#define SANITIZE(what, in, want) \
	sanitize_case(what, in, ARRAY_SIZE(in), want, ARRAY_SIZE(want))

/* =====================================================================
 * The sanitiser, case by case
 */

/* QEMU 7.2's q35 map with 512 MiB, as SeaBIOS gives it */
static const struct e820_entry q35_map[] = {
	{ 0x0, 0x9fc00, RAM },
	{ 0x9fc00, 0x400, RES },
	{ 0xf0000, 0x10000, RES },
	{ 0x100000, 0x1fedf000, RAM },
	{ 0x1ffdf000, 0x21000, RES },
	{ 0xb0000000, 0x10000000, RES },
	{ 0xfed1c000, 0x4000, RES },
	{ 0xfffc0000, 0x40000, RES },
	{ 0xfd00000000, 0x300000000, RES },
};

/*
 * A clean map: sorted, disjoint, no two touching ranges of one type.
 * Expect it back unchanged.
 */
static void update_table_clean_check(void)
{
	SANITIZE("clean q35 map", q35_map, q35_map);
}

/*
 * The same map, listed backwards.
 * Expect the sorted map.
 */
static void update_table_unsorted_check(void)
{
	struct e820_entry in[ARRAY_SIZE(q35_map)];

	for (u32 i = 0; i < ARRAY_SIZE(q35_map); i++)
		in[i] = q35_map[ARRAY_SIZE(q35_map) - 1 - i];
	SANITIZE("q35 map backwards", in, q35_map);
}

/*
 *   0   4   8   12
 *   11111111....     RAM
 *   ....11111111     RAM
 * Expect one RAM range [0, 12).
 */
static void update_table_overlap_same_type_check(void)
{
	static const struct e820_entry in[] = { R(0, 8, RAM), R(4, 12, RAM) };
	static const struct e820_entry want[] = { R(0, 12, RAM) };

	SANITIZE("overlap, same type", in, want);
}

/*
 *   0   4   8   12
 *   11111111....     RAM
 *   ....22222222     reserved
 * Expect RAM [0, 4) and reserved [4, 12): the larger type wins the overlap.
 */
static void update_table_overlap_higher_last_check(void)
{
	static const struct e820_entry in[] = { R(0, 8, RAM), R(4, 12, RES) };
	static const struct e820_entry want[] = { R(0, 4, RAM), R(4, 12, RES) };

	SANITIZE("overlap, larger type listed last", in, want);
}

/*
 *   0   4   8   12
 *   22222222....     reserved
 *   ....11111111     RAM
 * Expect reserved [0, 8) and RAM [8, 12): listing order does not matter.
 */
static void update_table_overlap_higher_first_check(void)
{
	static const struct e820_entry in[] = { R(0, 8, RES), R(4, 12, RAM) };
	static const struct e820_entry want[] = { R(0, 8, RES), R(8, 12, RAM) };

	SANITIZE("overlap, larger type listed first", in, want);
}

/*
 *   0   4   8   12  16
 *   1111111111111111     RAM
 *   ....2222........     reserved
 * Expect RAM [0, 4), reserved [4, 8), RAM [8, 16): three entries out of two.
 */
static void update_table_reserved_inside_ram_check(void)
{
	static const struct e820_entry in[] = { R(0, 16, RAM), R(4, 8, RES) };
	static const struct e820_entry want[] = {
		R(0, 4, RAM), R(4, 8, RES), R(8, 16, RAM),
	};

	SANITIZE("reserved inside RAM", in, want);
}

/*
 *   0   4   8   12  16
 *   2222222222222222     reserved
 *   ....1111........     RAM
 * Expect reserved [0, 16) alone: RAM never wins.
 */
static void update_table_ram_inside_reserved_check(void)
{
	static const struct e820_entry in[] = { R(0, 16, RES), R(4, 8, RAM) };
	static const struct e820_entry want[] = { R(0, 16, RES) };

	SANITIZE("RAM inside reserved", in, want);
}

/*
 *   0   4   8   12  16
 *   1111111111111111     RAM
 *   ..111111111111..     RAM
 *   ....11..........     RAM
 * Expect one RAM range [0, 16).
 */
static void update_table_nested_same_type_check(void)
{
	static const struct e820_entry in[] = {
		R(4, 6, RAM), R(0, 16, RAM), R(2, 14, RAM),
	};
	static const struct e820_entry want[] = { R(0, 16, RAM) };

	SANITIZE("nested, same type", in, want);
}

/*
 *   0       8       16      24      32
 *   11111111111111111111111111111111     RAM
 *   ........3333333333333333........     ACPI data
 *   ............4444................     ACPI NVS
 * Expect RAM, ACPI, NVS, ACPI, RAM: five entries out of three.
 */
static void update_table_nested_three_levels_check(void)
{
	static const struct e820_entry in[] = {
		R(12, 16, NVS), R(0, 32, RAM), R(8, 24, ACPI),
	};
	static const struct e820_entry want[] = {
		R(0, 8, RAM), R(8, 12, ACPI), R(12, 16, NVS), R(16, 24, ACPI),
		R(24, 32, RAM),
	};

	SANITIZE("nested three levels", in, want);
}

/*
 *   0   4   8
 *   11111111     RAM
 *   33333333     ACPI data
 *   22222222     reserved
 * Expect ACPI data [0, 8): of three claims on the same range, type 3 is largest.
 */
static void update_table_duplicates_check(void)
{
	static const struct e820_entry in[] = { R(0, 8, RAM), R(0, 8, ACPI), R(0, 8, RES) };
	static const struct e820_entry want[] = { R(0, 8, ACPI) };

	SANITIZE("the same range three times", in, want);
}

/*
 *   0   4   8         0   4   8
 *   1111....          1111....     RAM
 *   ....1111          ....2222     RAM, then reserved
 * Expect the left pair merged into RAM [0, 8), the right pair unchanged.
 */
static void update_table_adjacent_check(void)
{
	static const struct e820_entry same[] = { R(0, 4, RAM), R(4, 8, RAM) };
	static const struct e820_entry merged[] = { R(0, 8, RAM) };
	static const struct e820_entry diff[] = { R(0, 4, RAM), R(4, 8, RES) };

	SANITIZE("touching, same type", same, merged);
	SANITIZE("touching, different types", diff, diff);
}

/*
 *   0   4   8
 *   11111111     RAM
 *   ....         reserved, size 0 at 4
 *           .    ACPI data, size 0 at 8
 * Expect RAM [0, 8): an empty entry splits nothing.
 */
static void update_table_zero_size_check(void)
{
	static const struct e820_entry in[] = {
		R(0, 8, RAM), R(4, 4, RES), R(8, 8, ACPI),
	};
	static const struct e820_entry want[] = { R(0, 8, RAM) };

	SANITIZE("empty entries", in, want);
}

/*
 * Two empty entries.
 * Expect success and an empty table.
 */
static void update_table_all_empty_check(void)
{
	static const struct e820_entry in[] = { R(4, 4, RAM), R(9, 9, RES) };

	table_set(&work, in, ARRAY_SIZE(in));
	tap_eq(e820__update_table(&work), 0, "all empty: e820__update_table() succeeds");
	tap_eq(work.nr_entries, 0, "all empty: nothing is left");
}

/*
 * One entry, even an empty one, or none.
 * Expect -1 (Linux's rule: fewer than two entries are left alone) and
 * the table untouched.
 */
static void update_table_too_few_check(void)
{
	static const struct e820_entry one[] = { R(3, 3, RES) };

	table_set(&work, one, 1);
	tap_eq((u64)e820__update_table(&work), (u64)-1, "one entry: refused");
	table_expect(&work, one, 1, "one entry");
	table_set(&work, one, 0);
	tap_eq((u64)e820__update_table(&work), (u64)-1, "no entry: refused");
}

/*
 *   0   2   5   8   10
 *   1111111111           RAM
 *   ..222.....           reserved
 *   .....222..           reserved
 * Expect RAM [0, 2), reserved [2, 8), RAM [8, 10): at 5 the second
 * reserved range starts before the first ends, so the type never dips.
 */
static void update_table_touching_inside_check(void)
{
	static const struct e820_entry in[] = {
		R(5, 8, RES), R(0, 10, RAM), R(2, 5, RES),
	};
	static const struct e820_entry want[] = {
		R(0, 2, RAM), R(2, 8, RES), R(8, 10, RAM),
	};

	SANITIZE("touching reserved ranges inside RAM", in, want);
}

/*
 *   0   4   8  10
 *   ccccccccccc.      persistent (12)
 *   ...ccc......      persistent (12)
 *   cccc........      persistent (12), then
 *   ....cccc....      persistent (12)
 * Expect persistent memory never merged: the nested pair gives
 * [0, 3), [3, 6), [6, 10); the touching pair stays two entries.
 */
static void update_table_pram_nomerge_check(void)
{
	static const struct e820_entry nested[] = { R(0, 10, PRAM), R(3, 6, PRAM) };
	static const struct e820_entry split[] = {
		R(0, 3, PRAM), R(3, 6, PRAM), R(6, 10, PRAM),
	};
	static const struct e820_entry touching[] = { R(0, 4, PRAM), R(4, 8, PRAM) };

	SANITIZE("persistent inside persistent", nested, split);
	SANITIZE("persistent touching persistent", touching, touching);
}

/*
 *   2^64 - 16 units        2^64 - 1 unit
 *   |111111111111111.|     RAM, ending one unit below 2^64
 *   |........2222....|     reserved
 * Expect RAM, reserved, RAM: the top of the address space is ordinary.
 */
static void update_table_top_of_space_check(void)
{
	const u64 top = 0ULL - 16 * UNIT;	/* 2^64 - 16 units */
	const struct e820_entry in[] = {
		{ top, 15 * UNIT, RAM }, { top + 8 * UNIT, 4 * UNIT, RES },
	};
	const struct e820_entry want[] = {
		{ top, 8 * UNIT, RAM }, { top + 8 * UNIT, 4 * UNIT, RES },
		{ top + 12 * UNIT, 3 * UNIT, RAM },
	};

	SANITIZE("top of the address space", in, want);
}

/*
 *   ....22222222|       reserved, ending exactly at 2^64
 *   ........1111|1111   RAM, wrapping past 2^64
 * Expect -1 and the table untouched, for each (Linux's rule: an end
 * that does not fit in 64 bits cannot be a change point).
 */
static void update_table_wrap_check(void)
{
	const u64 top = 0ULL - 8 * UNIT;
	const struct e820_entry at_top[] = { R(0, 4, RAM), { top, 8 * UNIT, RES } };
	const struct e820_entry wraps[] = { { top, 16 * UNIT, RAM }, R(0, 4, RAM) };

	table_set(&work, at_top, 2);
	tap_eq((u64)e820__update_table(&work), (u64)-1, "ends at 2^64: refused");
	table_expect(&work, at_top, 2, "ends at 2^64");
	table_set(&work, wraps, 2);
	tap_eq((u64)e820__update_table(&work), (u64)-1, "wraps past 2^64: refused");
	table_expect(&work, wraps, 2, "wraps past 2^64");
}

/*
 * 128 one-unit entries, alternately RAM and reserved, listed backwards:
 *   0 1 2 3 ... 127
 *   1 2 1 2 ... 2
 * Expect the same 128 entries in address order: touching ranges of
 * different types do not merge.
 */
static void update_table_128_alternating_check(void)
{
	static struct e820_entry in[E820_MAX_ENTRIES_ZEROPAGE], want[E820_MAX_ENTRIES_ZEROPAGE];
	const u32 n = E820_MAX_ENTRIES_ZEROPAGE;

	for (u32 i = 0; i < n; i++) {
		want[i] = (struct e820_entry)R(i, i + 1, i % 2 ? RES : RAM);
		in[n - 1 - i] = want[i];
	}
	sanitize_case("128 alternating, backwards", in, n, want, n);
}

/*
 * 128 entries nested like an onion, each one unit in from the one
 * around it and of a type one larger, listed innermost first:
 *   0 1 2 ... 126 127 128 129 ... 255
 *   1 2 3 ... 127 128 128 127 ...   1
 * Expect 255 entries: one unit each of types 1 to 127 going up, two
 * units of type 128 in the middle, one unit each of 127 down to 1.
 * (Type 12, persistent memory, is never merged, but it appears only
 * once on each side, so nothing changes.)
 */
static void update_table_128_nested_check(void)
{
	static struct e820_entry in[E820_MAX_ENTRIES_ZEROPAGE], want[255];
	const u32 n = E820_MAX_ENTRIES_ZEROPAGE;

	for (u32 d = 0; d < n; d++)
		in[n - 1 - d] = (struct e820_entry)R(d, 2 * n - d, 1 + d);
	for (u32 k = 0; k < n - 1; k++) {
		want[k] = (struct e820_entry)R(k, k + 1, 1 + k);
		want[254 - k] = (struct e820_entry)R(255 - k, 256 - k, 1 + k);
	}
	want[n - 1] = (struct e820_entry)R(n - 1, n + 1, n);
	sanitize_case("128 nested", in, n, want, 255);
}

/*
 * A full table (E820_MAX_ENTRIES = 320): RAM [0, 1000) with 319
 * one-unit reserved ranges at 1, 3, 5, ..., 637 inside it:
 *   0 1 2 3 4 ... 637 638 ... 999
 *   1 2 1 2 1 ...  2   1  ...  1
 * Sanitised, that is 639 ranges; the table holds 320.
 * Expect the first 320 (units 0 to 319, alternating), and Linux's
 * "too many entries" message naming the rest, [320, 1000) in units.
 */
static void update_table_overflow_check(void)
{
	static struct e820_entry in[E820_MAX_ENTRIES], want[E820_MAX_ENTRIES];

	in[0] = (struct e820_entry)R(0, 1000, RAM);
	for (u32 j = 1; j < E820_MAX_ENTRIES; j++)
		in[j] = (struct e820_entry)R(2 * j - 1, 2 * j, RES);
	for (u32 k = 0; k < E820_MAX_ENTRIES; k++)
		want[k] = (struct e820_entry)R(k, k + 1, k % 2 ? RES : RAM);
	log_reset();
	sanitize_case("full table", in, E820_MAX_ENTRIES, want, E820_MAX_ENTRIES);
	tap_ok(log_has(result, TS "too many entries; ignoring [mem 0x00140000-0x003e7fff]"),
	       "full table: the lost range is named");
}

/* The book's example of the sweep */
static const struct e820_entry figure_map[] = {
	R(0, 8, RAM), R(3, 5, RES), R(6, 9, ACPI), R(9, 11, RAM), R(10, 13, RAM),
	R(12, 12, RES),
};
#define FIGURE_COLUMNS 16

/* The names Linux prints for the types of the figure */
static const char *figure_type_name(enum e820_type type)
{
	return type == RAM ? "usable" : type == RES ? "reserved" :
	       type == ACPI ? "ACPI data" : "?";
}

static size_t figure_row(char *out, size_t size, const char *label,
			 const struct e820_entry *e)
{
	size_t n = scnprintf(out, size, "%-15s", label);

	for (u32 c = 0; c < FIGURE_COLUMNS; c++) {
		u64 a = (u64)c * UNIT;
		bool in = e && a >= e->addr && a < e->addr + e->size;

		n += scnprintf(out + n, size - n, "%c", in ? "0123456789abcdef"[e->type & 0xf] : '.');
	}
	return n + scnprintf(out + n, size - n, "\n");
}

static void figure_render(char *out, size_t size)
{
	char label[32];
	size_t n = scnprintf(out, size, "%-15s0123456789abcdef\n", "BIOS map");
	struct e820_entry *e;

	for (u32 i = 0; i < ARRAY_SIZE(figure_map); i++) {
		snprintf(label, sizeof(label), "  %c %s", 'A' + i,
			 figure_type_name(figure_map[i].type));
		n += figure_row(out + n, size - n, label, &figure_map[i]);
	}
	table_set(&work, figure_map, ARRAY_SIZE(figure_map));
	e820__update_table(&work);
	n += scnprintf(out + n, size - n, "%-15s0123456789abcdef\n", "sanitised");
	for_each_e820_entry(e, &work) {
		snprintf(label, sizeof(label), "  %s", figure_type_name(e->type));
		n += figure_row(out + n, size - n, label, e);
	}
}

/*
 * The book's picture (book/e820.nw, "Sanitising"), drawn from a run.
 * Expect, worked out by hand: usable [0,3), reserved [3,5), usable
 * [5,6), ACPI data [6,9), usable [9,13); F, being empty, vanishes.
 */
static void update_table_figure_check(void)
{
	static const char want[] =
		"BIOS map       0123456789abcdef\n"
		"  A usable     11111111........\n"
		"  B reserved   ...22...........\n"
		"  C ACPI data  ......333.......\n"
		"  D usable     .........11.....\n"
		"  E usable     ..........111...\n"
		"  F reserved   ................\n"
		"sanitised      0123456789abcdef\n"
		"  usable       111.............\n"
		"  reserved     ...22...........\n"
		"  usable       .....1..........\n"
		"  ACPI data    ......333.......\n"
		"  usable       .........1111...\n";
	static char got[2048];

	figure_render(got, sizeof(got));
	tap_eq_str(got, want, "the book's figure of the sweep");
}

/* =====================================================================
 * The invariant checker must be able to fail
 */

/*
 *   0   4   8        E1: overlap        0  4        E2: empty
 *   1111....                            ....   (size 0)
 *   ..22....
 * Expect each broken table refused, with the invariant named.
 */
static void check_invariants_fails_check(void)
{
	static const struct {
		const char *inv;
		struct e820_entry e[2];
		u32 n;
	} broken[] = {
		{ "E1", { R(0, 4, RAM), R(2, 6, RES) }, 2 },	/* overlap */
		{ "E1", { R(4, 8, RAM), R(0, 2, RES) }, 2 },	/* unsorted */
		{ "E2", { R(0, 4, RAM), R(6, 6, RES) }, 2 },	/* empty */
		{ "E3", { R(0, 4, RAM), R(4, 8, RAM) }, 2 },	/* mergeable */
		{ "E4", { R(0, 4, RAM), R(4, 8, 0) }, 2 },	/* untyped */
	};
	char line[LINE_MAX];

	for (u32 i = 0; i < ARRAY_SIZE(broken); i++) {
		table_set(&work, broken[i].e, broken[i].n);
		log_reset();
		tap_eq((u64)e820__check_invariants(&work), (u64)-EINVAL,
		       "a table breaking %s is refused", broken[i].inv);
		snprintf(line, sizeof(line), "e820: invariant %s broken", broken[i].inv);
		tap_ok(log_count(result, line) == 1, "...and %s is named", broken[i].inv);
	}
	table_set(&work, broken[0].e, 0);
	tap_eq(e820__check_invariants(&work), 0, "an empty table is sanitised");
}

/* =====================================================================
 * The sanitiser and the editing primitives against a reference model
 *
 * The model counts, for each unit of a small address space, how many
 * entries of each type cover it. An edit acts on the counts unit by
 * unit, as its contract says: an addition adds one; an update moves the
 * old type's count to the new type; a removal clears the old type, or
 * every type. A unit's type is the largest with a nonzero count, and
 * sanitising replaces the counts by that type alone. The table must
 * agree with the model unit by unit, whatever the entries look like.
 */
#define MODEL_UNITS	32
#define MODEL_ROUNDS	4000
#define MODEL_MAX_EDITS	2	/* between sanitises: keeps the table within 320 */

static const enum e820_type model_types[] = {	/* in increasing order */
	RAM, RES, ACPI, NVS, E820_TYPE_UNUSABLE, PMEM, PRAM,
	E820_TYPE_RESERVED_KERN, E820_TYPE_SOFT_RESERVED,
};
#define NR_MODEL_TYPES ARRAY_SIZE(model_types)

static u32 model[MODEL_UNITS][NR_MODEL_TYPES];
static u64 model_base;

static u32 rnd(u32 n)
{
	return test_rand() % n;
}

static enum e820_type model_type(u32 u)
{
	for (u32 t = NR_MODEL_TYPES; t-- > 0;)
		if (model[u][t])
			return model_types[t];
	return 0;
}

static void model_sanitize(void)
{
	for (u32 u = 0; u < MODEL_UNITS; u++) {
		enum e820_type type = model_type(u);

		memset(model[u], 0, sizeof(model[u]));
		for (u32 t = 0; t < NR_MODEL_TYPES; t++)
			if (model_types[t] == type)
				model[u][t] = 1;
	}
}

/* The largest type of the entries covering unit @u; -1 if an entry cuts it */
static s64 table_type_at(const struct e820_table *t, u32 u)
{
	u64 a = model_base + (u64)u * UNIT;
	const struct e820_entry *e;
	s64 type = 0;

	for_each_e820_entry(e, t) {
		if (!e->size || e->addr >= a + UNIT || e->addr + e->size <= a)
			continue;
		if (e->addr > a || e->addr + e->size < a + UNIT)
			return -1;
		type = max_t(s64, type, e->type);
	}
	return type;
}

static bool model_agrees(const struct e820_table *t)
{
	for (u32 u = 0; u < MODEL_UNITS; u++)
		if (table_type_at(t, u) != model_type(u))
			return false;
	return true;
}

/* One random edit, to the table and to the model */
static void model_edit(void)
{
	u32 a = rnd(MODEL_UNITS), b = a + rnd(MODEL_UNITS + 1 - a);
	u32 from = rnd(NR_MODEL_TYPES), to = rnd(NR_MODEL_TYPES);
	u64 start = model_base + (u64)a * UNIT, size = (u64)(b - a) * UNIT;
	bool check = rnd(2);

	switch (rnd(3)) {
	case 0:
		e820__range_add(start, size, model_types[to]);
		for (u32 u = a; u < b; u++)
			model[u][to]++;
		break;
	case 1:
		if (from == to)
			to = (to + 1) % NR_MODEL_TYPES;
		e820__range_update(start, size, model_types[from], model_types[to]);
		for (u32 u = a; u < b; u++) {
			model[u][to] += model[u][from];
			model[u][from] = 0;
		}
		break;
	default:
		e820__range_remove(start, size, model_types[from], check);
		for (u32 u = a; u < b; u++) {
			if (check)
				model[u][from] = 0;
			else
				memset(model[u], 0, sizeof(model[u]));
		}
		break;
	}
}

/* Sanitise; on success the model is sanitised too. False on a disagreement */
static bool model_sanitize_and_compare(bool *invariants_ok)
{
	if (e820__update_table(e820_table) == 0) {
		model_sanitize();
		if (e820__check_invariants(e820_table))
			*invariants_ok = false;
	}
	return model_agrees(e820_table);
}

static void model_random_table(void)
{
	u32 n = rnd(24);

	memset(model, 0, sizeof(model));
	memset(&work, 0, sizeof(work));
	model_base = rnd(2) ? 0 : 0ULL - (MODEL_UNITS + 1) * UNIT;	/* bottom or top */
	for (u32 i = 0; i < n; i++) {
		u32 a = rnd(MODEL_UNITS), b = a + rnd(MODEL_UNITS + 1 - a), t = rnd(NR_MODEL_TYPES);

		work.entries[i] = (struct e820_entry){ model_base + (u64)a * UNIT,
						       (u64)(b - a) * UNIT, model_types[t] };
		for (u32 u = a; u < b; u++)
			model[u][t]++;
	}
	work.nr_entries = n;
}

/*
 * Random tables of up to 24 entries over 32 units, at the bottom or
 * the top of the address space, every type including the unmergeable
 * ones; then random edits, one or two between sanitises.
 * Expect the table to agree with the model after every step, and the
 * invariants after every successful sanitise.
 */
static void update_table_against_model_check(void)
{
	u64 seed = test_seed_from_env(1);
	bool agree = true, invariants_ok = true;
	u32 round, first_bad = 0;

	test_srand(seed);
	e820_table = &work;
	for (round = 0; round < MODEL_ROUNDS && agree; round++) {
		log_reset();
		model_random_table();
		agree = model_sanitize_and_compare(&invariants_ok);
		for (u32 step = 0; step < 4 && agree; step++) {
			u32 edits = 1 + rnd(MODEL_MAX_EDITS);

			while (edits--)
				model_edit();
			agree = model_agrees(e820_table) &&
				model_sanitize_and_compare(&invariants_ok);
		}
		if (!agree || !invariants_ok)
			first_bad = round;
	}
	tap_ok(agree, "random tables and edits agree with the model (seed %llu, %u rounds)",
	       seed, round);
	tap_ok(invariants_ok, "the invariants hold after every sanitise");
	if (!agree || !invariants_ok) {
		tap_diag("first failure in round %u; replay with TEST_SEED=%llu", first_bad, seed);
		table_dump(e820_table);
	}
}

/* =====================================================================
 * Editing: the contracts, and the lines printed
 */

/*
 *   0   4   8   12  16
 *   1111111111111111     RAM
 *        [5, 7) RAM -> reserved
 *   11111221111111111
 * Expect 2 units retyped, the entry split in three once sanitised,
 * and Linux's line with 10-column addresses.
 */
static void range_update_middle_check(void)
{
	static const struct e820_entry in[] = { R(0, 16, RAM) };
	static const struct e820_entry want[] = { R(0, 5, RAM), R(5, 7, RES), R(7, 16, RAM) };

	table_set(&work, in, 1);
	e820_table = &work;
	log_reset();
	tap_eq(e820__range_update(5 * UNIT, 2 * UNIT, RAM, RES), 2 * UNIT,
	       "update in the middle: two units retyped");
	tap_ok(log_has(result, TS "e820: update [mem 0x00005000-0x00006fff] usable ==> reserved"),
	       "update: Linux's KERN_DEBUG line");
	e820__update_table(&work);
	table_expect(&work, want, ARRAY_SIZE(want), "update in the middle");
}

/*
 *   0   4   8        0   4   8
 *   11112222          11112222      RAM, reserved
 *   [2, 6) ACPI NVS -> RAM: nothing has the old type
 * Expect 0 bytes updated and the table unchanged. Then [2, 6) RAM ->
 * reserved: expect 2 units, and RAM [0, 2), reserved [2, 8).
 */
static void range_update_by_type_check(void)
{
	static const struct e820_entry in[] = { R(0, 4, RAM), R(4, 8, RES) };
	static const struct e820_entry want[] = { R(0, 2, RAM), R(2, 8, RES) };

	table_set(&work, in, 2);
	e820_table = &work;
	tap_eq(e820__range_update(2 * UNIT, 4 * UNIT, NVS, RAM), 0,
	       "update of a type not there: nothing");
	table_expect(&work, in, 2, "update of a type not there");
	tap_eq(e820__range_update(2 * UNIT, 4 * UNIT, RAM, RES), 2 * UNIT,
	       "update RAM to reserved: two units");
	e820__update_table(&work);
	table_expect(&work, want, 2, "update RAM to reserved");
}

/*
 *   0   4   8   12  16
 *   1111111111111111     RAM
 *   remove [0,4) (head), [6,8) (middle), [14,16) (tail), RAM only
 * Expect RAM [4, 6) and [8, 14), 8 units removed in all, one line each.
 */
static void range_remove_check(void)
{
	static const struct e820_entry in[] = { R(0, 16, RAM), R(20, 24, RES) };
	static const struct e820_entry want[] = { R(4, 6, RAM), R(8, 14, RAM), R(20, 24, RES) };
	u64 removed;

	table_set(&work, in, 2);
	e820_table = &work;
	log_reset();
	removed = e820__range_remove(0, 4 * UNIT, RAM, true) +
		  e820__range_remove(6 * UNIT, 2 * UNIT, RAM, true) +
		  e820__range_remove(14 * UNIT, 8 * UNIT, RAM, true);
	tap_eq(removed, 8 * UNIT, "remove head, middle, tail: eight units");
	tap_ok(log_has(result, TS "e820: remove [mem 0x00000000-0x00003fff] usable"),
	       "remove: Linux's KERN_DEBUG line");
	e820__update_table(&work);
	table_expect(&work, want, ARRAY_SIZE(want), "remove head, middle, tail");
}

/*
 *   0   4   8
 *   11112222     RAM, reserved
 *   remove [2, 6) of every type
 * Expect RAM [0, 2) and reserved [6, 8); the line ends in a space,
 * where Linux would have put the type's name.
 */
static void range_remove_any_type_check(void)
{
	static const struct e820_entry in[] = { R(0, 4, RAM), R(4, 8, RES) };
	static const struct e820_entry want[] = { R(0, 2, RAM), R(6, 8, RES) };

	table_set(&work, in, 2);
	e820_table = &work;
	log_reset();
	tap_eq(e820__range_remove(2 * UNIT, 4 * UNIT, 0, false), 4 * UNIT,
	       "remove of every type: four units");
	tap_ok(log_has(result, TS "e820: remove [mem 0x00002000-0x00005fff] "),
	       "remove of every type: the line ends with a space");
	e820__update_table(&work);
	table_expect(&work, want, 2, "remove of every type");
}

/*
 *   |...1111111111111|   RAM up to one unit below 2^64
 *   remove from 2^64 - 8 units, 16 units long: clipped at 2^64 - 1
 * Expect the range clipped, 7 units removed, and the line ending at
 * 0xfffffffffffffffe (the last byte is never part of a clipped range).
 */
static void range_remove_clip_check(void)
{
	const u64 top = 0ULL - 16 * UNIT;
	const struct e820_entry in[] = { { top, 15 * UNIT, RAM }, R(0, 1, RES) };
	const struct e820_entry want[] = { R(0, 1, RES), { top, 8 * UNIT, RAM } };

	table_set(&work, in, 2);
	e820_table = &work;
	log_reset();
	tap_eq(e820__range_remove(0ULL - 8 * UNIT, 16 * UNIT, RAM, true), 7 * UNIT,
	       "remove past 2^64: clipped");
	tap_ok(log_has(result, TS "e820: remove [mem 0xffffffffffff8000-0xfffffffffffffffe] usable"),
	       "remove past 2^64: the line");
	e820__update_table(&work);
	table_expect(&work, want, 2, "remove past 2^64");
}

/* =====================================================================
 * Queries
 */

/*
 * On the q35 map:
 *   0 ......... 9fc00 .. a0000 ...hole... f0000 ... 100000 ........
 *   usable      reserved       (nothing)   reserved   usable
 * Expect: any-of-type and all-of-type answers as the picture says.
 */
static void mapped_check(void)
{
	table_set(&work, q35_map, ARRAY_SIZE(q35_map));
	e820_table = &work;
	tap_ok(e820__mapped_any(0x9f000, 0xa0000, RES), "any: reserved at 0x9fc00");
	tap_ok(!e820__mapped_any(0xa0000, 0xf0000, 0), "any: nothing in the VGA hole");
	tap_ok(!e820__mapped_any(0x9fc00, 0x9fc00, 0), "any: an empty range meets nothing");
	tap_ok(e820__mapped_all(0, 0x9fc00, RAM), "all: the first entry is RAM");
	tap_ok(!e820__mapped_all(0, 0x9fc01, RAM), "all: one byte more is not");
	tap_ok(e820__mapped_all(0x9f000, 0xa0000, 0), "all of any type: RAM then reserved");
	tap_ok(!e820__mapped_all(0x9fc00, 0x100000, 0), "all of any type: not across the hole");
	tap_eq(e820__get_entry_type(0x9f000, 0xa0000), RES,
	       "entry type: that of the entry completing the range");
	tap_eq((u64)e820__get_entry_type(0xa0000, 0xa1000), (u64)-EINVAL,
	       "entry type: -EINVAL in the hole");
}

/* =====================================================================
 * Boot scenarios: the steps of setup_arch() in a child process
 */
struct scenario {
	const struct e820_entry *map;	/* the BIOS's entries */
	u32 nr;
	u32 claimed;			/* boot_params.e820_entries, if not nr */
	u32 alt_mem_k;			/* INT 0x15 AX=0xE801 */
	u16 ext_mem_k;			/* INT 0x15 AH=0x88 */
	const char *cmdline;
	bool kernel_range;		/* run e820_add_kernel_range() */
	bool image_ram;			/* list the kernel image as RAM */
	void (*sabotage)(void);		/* break the table before the self-tests */
	bool selftests;
};

static struct e820_table *kernel_e820_table;	/* e820.c's own tables */
static struct e820_table *kernel_e820_table_firmware;

/* As init/main.c's do_early_param(), for the handlers linked in */
static int early_param_run(char *param, char *val, const char *doing)
{
	const struct obs_kernel_param *p;

	(void)doing;
	for (p = __start_init_setup; p < __stop_init_setup; p++)
		if (p->early && parameq(param, p->str) && p->setup_func(val))
			pr_warn("Malformed early option '%s'\n", param);
	return 0;
}

static int run_e820_selftests(void)
{
	struct kunit_suite *const *s;

	for (s = __start_kunit_test_suites; s < __stop_kunit_test_suites; s++)
		if (!strcmp((*s)->name, "e820"))
			return kunit_run_suites(s, 1);
	return -1;
}

static void scenario_boot_params(const struct scenario *sc)
{
	u32 n = sc->nr;

	memset(&boot_params, 0, sizeof(boot_params));
	memset(boot_params._pad5, 0xff, sizeof(boot_params._pad5)); /* must not be read */
	for (u32 i = 0; i < sc->nr; i++)
		boot_params.e820_table[i] = (struct boot_e820_entry){
			sc->map[i].addr, sc->map[i].size, sc->map[i].type };
	if (sc->image_ram)
		boot_params.e820_table[n++] = (struct boot_e820_entry){
			__pa_symbol(_text), __pa_symbol(_end) - __pa_symbol(_text), RAM };
	boot_params.e820_entries = sc->claimed ? sc->claimed : n;
	boot_params.alt_mem_k = sc->alt_mem_k;
	boot_params.ext_mem_k = sc->ext_mem_k;
}

/* setup_arch()'s e820 steps, in its order */
static void scenario_steps(const struct scenario *sc)
{
	static char line[COMMAND_LINE_SIZE];

	scenario_boot_params(sc);
	memset(boot_command_line, 0, sizeof(boot_command_line));
	if (sc->cmdline)
		memcpy(boot_command_line, sc->cmdline, strlen(sc->cmdline));
	memcpy(line, boot_command_line, sizeof(line));
	e820_table = kernel_e820_table;

	e820__memory_setup();
	parse_args("early options", line, early_param_run);
	e820__finish_early_params();
	if (sc->kernel_range)
		e820_add_kernel_range();
	trim_bios_range();
	max_pfn = e820__end_of_ram_pfn();
	max_low_pfn = max_pfn > PFN_DOWN(SZ_4G) ? e820__end_of_low_ram_pfn() : max_pfn;

	if (sc->sabotage)
		sc->sabotage();
	if (sc->selftests)
		result->selftest_failed = run_e820_selftests();
}

static struct boot_result *boot_run(const char *what, const struct scenario *sc)
{
	static struct boot_result *shared;
	int pid, status = -1;

	if (!shared) {
		shared = mmap(NULL, sizeof(*shared), PROT_READ_WRITE, MAP_SHARED_ANONYMOUS, -1, 0);
		if (shared == (void *)-1)
			test_abort("mmap failed");
	}
	memset(shared, 0, sizeof(*shared));
	pid = fork();
	if (pid < 0)
		test_abort("fork failed");
	if (pid == 0) {
		in_child = true;
		result = shared;
		scenario_steps(sc);
		memcpy(&result->table, e820_table, sizeof(result->table));
		memcpy(&result->firmware, e820_table_firmware, sizeof(result->firmware));
		result->max_pfn = max_pfn;
		result->max_low_pfn = max_low_pfn;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	tap_eq(status, 0, "%s: the boot steps ran to the end (or to panic()) cleanly", what);
	return shared;
}

static const char *const q35_bios_lines[] = {
	TS "BIOS-provided physical RAM map:",
	TS "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable",
	TS "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved",
	TS "BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved",
	TS "BIOS-e820: [mem 0x0000000000100000-0x000000001ffdefff] usable",
	TS "BIOS-e820: [mem 0x000000001ffdf000-0x000000001fffffff] reserved",
	TS "BIOS-e820: [mem 0x00000000b0000000-0x00000000bfffffff] reserved",
	TS "BIOS-e820: [mem 0x00000000fed1c000-0x00000000fed1ffff] reserved",
	TS "BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved",
	TS "BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved",
};

static const char *const trim_lines[] = {
	TS "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved",
	TS "e820: remove [mem 0x000a0000-0x000fffff] usable",
};

/* The q35 map after trim_bios_range(): the first page reserved */
static const struct e820_entry q35_trimmed[] = {
	{ 0x0, 0x1000, RES },
	{ 0x1000, 0x9ec00, RAM },
	{ 0x9fc00, 0x400, RES },
	{ 0xf0000, 0x10000, RES },
	{ 0x100000, 0x1fedf000, RAM },
	{ 0x1ffdf000, 0x21000, RES },
	{ 0xb0000000, 0x10000000, RES },
	{ 0xfed1c000, 0x4000, RES },
	{ 0xfffc0000, 0x40000, RES },
	{ 0xfd00000000, 0x300000000, RES },
};

#define EXPECT_LINES(r, what, lines) expect_lines(r, what, lines, ARRAY_SIZE(lines))

static int log_lines(const struct boot_result *r)
{
	return log_count(r, "\n");
}

/*
 * QEMU's q35 map with nothing on the command line.
 * Expect Linux's lines, exactly these 13: the map, the two trims, and
 * last_pfn = 0x1ffdf (RAM ends at 0x1ffdf000); no user-defined map.
 */
static void boot_q35_check(void)
{
	static const struct scenario sc = { .map = q35_map, .nr = ARRAY_SIZE(q35_map) };
	struct boot_result *r = boot_run("q35", &sc);

	EXPECT_LINES(r, "q35", q35_bios_lines);
	EXPECT_LINES(r, "q35", trim_lines);
	tap_ok(log_has(r, TS "last_pfn = 0x1ffdf max_arch_pfn = 0x400000000"), "q35: last_pfn line");
	tap_eq(log_lines(r), 13, "q35: thirteen lines, no more");
	tap_eq(r->max_pfn, 0x1ffdf, "q35: max_pfn");
	tap_eq(r->max_low_pfn, 0x1ffdf, "q35: max_low_pfn is max_pfn below 4 GiB");
	table_expect(&r->table, q35_trimmed, ARRAY_SIZE(q35_trimmed), "q35 after trim");
}

/*
 * The q35 map as a careless BIOS might give it: backwards, the
 * reserved range at 0x9fc00 twice, and a second RAM entry inside the
 * big one.
 * Expect the same printed map as the tidy one: Linux prints the
 * sanitised table, not the BIOS's.
 */
static void boot_q35_messy_check(void)
{
	static struct e820_entry messy[ARRAY_SIZE(q35_map) + 2];
	static const struct scenario sc = { .map = messy, .nr = ARRAY_SIZE(messy) };
	struct boot_result *r;
	u32 n = ARRAY_SIZE(q35_map);

	for (u32 i = 0; i < n; i++)
		messy[i] = q35_map[n - 1 - i];
	messy[n] = q35_map[1];
	messy[n + 1] = (struct e820_entry){ SZ_16M, SZ_16M, RAM };
	r = boot_run("messy q35", &sc);
	EXPECT_LINES(r, "messy q35", q35_bios_lines);
	tap_eq(log_count(r, "BIOS-e820:"), 9, "messy q35: nine entries printed");
}

/*
 * Types beyond RAM and reserved, one of each, touching:
 *   0  1  2  3  4  5  6  7        (MiB)
 *   1  3  4  5  7  128 0xefffffff 99
 * Expect each named as Linux names it.
 */
static void boot_type_names_check(void)
{
	static const struct e820_entry map[] = {
		{ 0, SZ_1M, RAM }, { SZ_1M, SZ_1M, ACPI }, { 2 * SZ_1M, SZ_1M, NVS },
		{ 3 * SZ_1M, SZ_1M, E820_TYPE_UNUSABLE }, { 4 * SZ_1M, SZ_1M, PMEM },
		{ 5 * SZ_1M, SZ_1M, E820_TYPE_RESERVED_KERN },
		{ 6 * SZ_1M, SZ_1M, E820_TYPE_SOFT_RESERVED }, { 7 * SZ_1M, SZ_1M, 99 },
	};
	static const char *const lines[] = {
		TS "BIOS-e820: [mem 0x0000000000000000-0x00000000000fffff] usable",
		TS "BIOS-e820: [mem 0x0000000000100000-0x00000000001fffff] ACPI data",
		TS "BIOS-e820: [mem 0x0000000000200000-0x00000000002fffff] ACPI NVS",
		TS "BIOS-e820: [mem 0x0000000000300000-0x00000000003fffff] unusable",
		TS "BIOS-e820: [mem 0x0000000000400000-0x00000000004fffff] persistent (type 7)",
		TS "BIOS-e820: [mem 0x0000000000500000-0x00000000005fffff] usable",
		TS "BIOS-e820: [mem 0x0000000000600000-0x00000000006fffff] soft reserved",
		TS "BIOS-e820: [mem 0x0000000000700000-0x00000000007fffff] type 99",
	};
	static const struct scenario sc = { .map = map, .nr = ARRAY_SIZE(map) };

	EXPECT_LINES(boot_run("type names", &sc), "type names", lines);
}

/*
 * No e820 map at all; the E801 call said 523072 KiB above 1 MiB, the
 * 88 call 64512.
 * Expect the larger, labelled BIOS-e801: RAM [0, 0x9f000) and
 * [1 MiB, 1 MiB + 523072 KiB) = [0x100000, 0x1ffd0000).
 */
static void boot_e801_check(void)
{
	static const struct scenario sc = { .alt_mem_k = 523072, .ext_mem_k = 64512 };
	static const char *const lines[] = {
		TS "BIOS-provided physical RAM map:",
		TS "BIOS-e801: [mem 0x0000000000000000-0x000000000009efff] usable",
		TS "BIOS-e801: [mem 0x0000000000100000-0x000000001ffcffff] usable",
		TS "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved",
		TS "e820: remove [mem 0x000a0000-0x000fffff] usable",
		TS "last_pfn = 0x1ffd0 max_arch_pfn = 0x400000000",
	};
	static const struct e820_entry want[] = {
		{ 0, 0x1000, RES }, { 0x1000, 0x9e000, RAM }, { 0x100000, 0x1fed0000, RAM },
	};
	struct boot_result *r = boot_run("e801", &sc);

	EXPECT_LINES(r, "e801", lines);
	table_expect(&r->table, want, ARRAY_SIZE(want), "e801");
}

/*
 * A single e820 entry (not trusted), E801 1024 KiB, 88 15360 KiB.
 * Expect the 88 answer, the larger: RAM [1 MiB, 16 MiB), labelled BIOS-88.
 */
static void boot_88_check(void)
{
	static const struct scenario sc = { .map = q35_map, .nr = 1, .alt_mem_k = 1024,
					    .ext_mem_k = 15360 };
	static const char *const lines[] = {
		TS "BIOS-88: [mem 0x0000000000000000-0x000000000009efff] usable",
		TS "BIOS-88: [mem 0x0000000000100000-0x0000000000ffffff] usable",
		TS "last_pfn = 0x1000 max_arch_pfn = 0x400000000",
	};

	EXPECT_LINES(boot_run("88", &sc), "88", lines);
}

/*
 * Nothing from any call.
 * Expect only conventional memory, [0, 0x9f000): the second range is
 * empty and vanishes; max_pfn 0x9f.
 */
static void boot_no_memory_calls_check(void)
{
	static const struct scenario sc = { .nr = 0 };
	struct boot_result *r = boot_run("nothing", &sc);

	tap_eq(log_count(r, "BIOS-e801:"), 1, "nothing: one range");
	tap_eq(r->max_pfn, 0x9f, "nothing: max_pfn 0x9f");
}

/*
 * The q35 map plus an entry at 2^64 - 4 KiB, 8 KiB long (wraps), and
 * again 4 KiB long (ends exactly at 2^64).
 * Expect the map refused with the entry named, and the E801 fallback.
 */
static void boot_wrapping_entry_check(void)
{
	static struct e820_entry map[ARRAY_SIZE(q35_map) + 1];
	static struct scenario sc = { .map = map, .nr = ARRAY_SIZE(map), .alt_mem_k = 523072,
				      .ext_mem_k = 64512 };
	struct boot_result *r;

	memcpy(map, q35_map, sizeof(q35_map));
	map[ARRAY_SIZE(q35_map)] = (struct e820_entry){ 0ULL - SZ_4K, SZ_8K, RES };
	r = boot_run("wrapping entry", &sc);
	tap_ok(log_has(r, TS "e820: BIOS entry 9 [mem 0xfffffffffffff000 + 0x2000] wraps past 2^64; ignoring the BIOS map"),
	       "wrapping entry: named");
	tap_eq(log_count(r, "BIOS-e801:"), 2, "wrapping entry: the E801 map instead");
	map[ARRAY_SIZE(q35_map)].size = SZ_4K;
	r = boot_run("entry ending at 2^64", &sc);
	tap_ok(log_has(r, TS "e820: BIOS entry 9 [mem 0xfffffffffffff000 + 0x1000] wraps past 2^64; ignoring the BIOS map"),
	       "entry ending at 2^64: named");
	tap_eq(log_count(r, "BIOS-e801:"), 2, "entry ending at 2^64: the E801 map instead");
}

/*
 * RAM from 1 MiB to 5 GiB in one range, across the 4 GiB line:
 *   0 .. 1M ============================ 4G ======== 5G
 * Expect two last_pfn lines, as Linux prints them when RAM passes
 * 4 GiB: 0x140000 for max_pfn, then 0x100000 for max_low_pfn, the
 * range being cut at the limit. With RAM ending one page past 4 GiB,
 * expect max_low_pfn still 0x100000.
 */
static void boot_above_4g_check(void)
{
	static const struct e820_entry map[] = {
		{ 0, 0x9fc00, RAM }, { HIGH_MEMORY, 5ULL * SZ_1G - HIGH_MEMORY, RAM },
	};
	static const struct scenario sc = { .map = map, .nr = ARRAY_SIZE(map) };
	static struct e820_entry map_one_page_over[] = { { 0, 0x9fc00, RAM }, { HIGH_MEMORY, 0, RAM } };
	static const struct scenario sc_one_page_over = { .map = map_one_page_over, .nr = 2 };
	static const char *const lines[] = {
		TS "last_pfn = 0x140000 max_arch_pfn = 0x400000000",
		TS "last_pfn = 0x100000 max_arch_pfn = 0x400000000",
	};
	struct boot_result *r = boot_run("above 4 GiB", &sc);

	EXPECT_LINES(r, "above 4 GiB", lines);
	tap_eq(r->max_pfn, 0x140000, "above 4 GiB: max_pfn");
	tap_eq(r->max_low_pfn, 0x100000, "above 4 GiB: max_low_pfn at 4 GiB");
	map_one_page_over[1].size = SZ_4G + PAGE_SIZE - HIGH_MEMORY;
	r = boot_run("one page above 4 GiB", &sc_one_page_over);
	tap_eq(r->max_pfn, 0x100001, "one page above 4 GiB: max_pfn");
	tap_eq(r->max_low_pfn, 0x100000, "one page above 4 GiB: max_low_pfn still at 4 GiB");
}

/*
 * A map of two reserved ranges and no RAM.
 * Expect a warning and the E801 fallback (Linux would carry on with no RAM).
 */
static void boot_no_ram_check(void)
{
	static const struct e820_entry map[] = { { 0x9fc00, 0x400, RES }, { 0xf0000, 0x10000, RES } };
	static const struct scenario sc = { .map = map, .nr = ARRAY_SIZE(map),
					    .alt_mem_k = 523072, .ext_mem_k = 64512 };
	struct boot_result *r = boot_run("no RAM", &sc);

	tap_ok(log_has(r, TS "e820: the BIOS map has no usable RAM; using the older BIOS calls"),
	       "no RAM: warned");
	tap_eq(log_count(r, "BIOS-e801:"), 2, "no RAM: the E801 map instead");
}

/*
 * boot_params.e820_entries says 200; the array has room for 128, and
 * the bytes after it are 0xff.
 * Expect a warning and the first 128 entries only: 128 lines.
 */
static void boot_too_many_entries_check(void)
{
	static struct e820_entry map[E820_MAX_ENTRIES_ZEROPAGE];
	static const struct scenario sc = { .map = map, .nr = ARRAY_SIZE(map), .claimed = 200 };
	struct boot_result *r;

	for (u32 i = 0; i < ARRAY_SIZE(map); i++)
		map[i] = (struct e820_entry){ HIGH_MEMORY + i * UNIT, UNIT, i % 2 ? RES : RAM };
	r = boot_run("200 entries", &sc);
	tap_ok(log_has(r, TS "e820: boot_params claims 200 entries but has room for 128; using the first 128"),
	       "200 entries: warned");
	tap_eq(log_count(r, "BIOS-e820:"), 128, "200 entries: 128 printed");
}

/* =====================================================================
 * The command line
 */
static struct boot_result *boot_q35_with(const char *cmdline)
{
	static struct scenario sc;

	sc = (struct scenario){ .map = q35_map, .nr = ARRAY_SIZE(q35_map), .cmdline = cmdline };
	return boot_run(cmdline, &sc);
}

/*
 * mem=256M on the q35 map:
 *   0 ... 1M ............ 256M ........ 0x1ffdf000
 *   usable  usable         | removed
 * Expect Linux's remove line (up to 2^64 - 2), the user-defined map
 * with RAM ending at 0x0fffffff, and max_pfn 0x10000.
 */
static void cmdline_mem_check(void)
{
	static const char *const lines[] = {
		TS "e820: remove [mem 0x10000000-0xfffffffffffffffe] usable",
		TS "user-defined physical RAM map:",
		TS "user: [mem 0x0000000000000000-0x000000000009fbff] usable",
		TS "user: [mem 0x000000000009fc00-0x000000000009ffff] reserved",
		TS "user: [mem 0x00000000000f0000-0x00000000000fffff] reserved",
		TS "user: [mem 0x0000000000100000-0x000000000fffffff] usable",
		TS "user: [mem 0x000000001ffdf000-0x000000001fffffff] reserved",
		TS "user: [mem 0x00000000b0000000-0x00000000bfffffff] reserved",
		TS "user: [mem 0x00000000fed1c000-0x00000000fed1ffff] reserved",
		TS "user: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved",
		TS "user: [mem 0x000000fd00000000-0x000000ffffffffff] reserved",
		TS "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved",
		TS "last_pfn = 0x10000 max_arch_pfn = 0x400000000",
	};
	struct boot_result *r = boot_q35_with("mem=256M");

	EXPECT_LINES(r, "mem=256M", q35_bios_lines);
	EXPECT_LINES(r, "mem=256M", lines);
	tap_eq(r->max_pfn, 0x10000, "mem=256M: max_pfn");
	table_expect(&r->firmware, q35_map, ARRAY_SIZE(q35_map), "mem=256M: the firmware's copy");
	e820_table = &r->table;
	e820_table_firmware = &r->firmware;
	tap_ok(!e820__mapped_any(SZ_256M, SZ_512M, RAM) && e820__mapped_raw_any(SZ_256M, SZ_512M, RAM),
	       "mem=256M: RAM above 256M is gone, but not from the firmware's copy");
	e820_table_firmware = kernel_e820_table_firmware;
	r = boot_q35_with("memmap=256M");
	EXPECT_LINES(r, "memmap=256M", lines);
}

/*
 * memmap=64M$128M: reserved [128 MiB, 192 MiB) inside the big RAM range.
 * Expect RAM split around it; max_pfn unchanged.
 */
static void cmdline_memmap_reserved_check(void)
{
	static const char *const lines[] = {
		TS "user-defined physical RAM map:",
		TS "user: [mem 0x0000000000100000-0x0000000007ffffff] usable",
		TS "user: [mem 0x0000000008000000-0x000000000bffffff] reserved",
		TS "user: [mem 0x000000000c000000-0x000000001ffdefff] usable",
		TS "last_pfn = 0x1ffdf max_arch_pfn = 0x400000000",
	};

	EXPECT_LINES(boot_q35_with("memmap=64M$128M"), "memmap=64M$128M", lines);
}

/*
 * memmap=exactmap,640K@0,255M@1M: the BIOS map forgotten.
 * Expect exactly two user ranges; after the trims, reserved first page,
 * RAM to 640 KiB, RAM [1 MiB, 256 MiB).
 */
static void cmdline_exactmap_check(void)
{
	static const char *const lines[] = {
		TS "user-defined physical RAM map:",
		TS "user: [mem 0x0000000000000000-0x000000000009ffff] usable",
		TS "user: [mem 0x0000000000100000-0x000000000fffffff] usable",
		TS "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved",
		TS "e820: remove [mem 0x000a0000-0x000fffff] usable",
		TS "last_pfn = 0x10000 max_arch_pfn = 0x400000000",
	};
	static const struct e820_entry want[] = {
		{ 0, 0x1000, RES }, { 0x1000, 0x9f000, RAM }, { 0x100000, 0xff00000, RAM },
	};
	struct boot_result *r = boot_q35_with("memmap=exactmap,640K@0,255M@1M");

	EXPECT_LINES(r, "exactmap", lines);
	tap_eq(log_count(r, "user: "), 2, "exactmap: two user ranges");
	table_expect(&r->table, want, ARRAY_SIZE(want), "exactmap");
	r = boot_q35_with("memmap=exactmap memmap=640K@0 memmap=255M@1M mem=128M");
	tap_ok(log_has(r, TS "e820: remove [mem 0x08000000-0xfffffffffffffffe] usable"),
	       "exactmap, then mem=: RAM above 128M removed");
	tap_ok(log_has(r, TS "user: [mem 0x0000000000100000-0x0000000007ffffff] usable"),
	       "exactmap, then mem=: in the order given");
}

/*
 * Maps the kernel cannot use: exactmap and nothing; exactmap and one
 * range; a range ending at 2^64; a range wrapping past it.
 * Expect Linux's panic, and no user-defined map printed.
 */
static void cmdline_invalid_map_check(void)
{
	static const char *const bad[] = {
		"memmap=exactmap",
		"memmap=exactmap,512M@0",
		"memmap=4K@0xfffffffffffff000",
		"memmap=8K@0xfffffffffffff000",
	};

	for (u32 i = 0; i < ARRAY_SIZE(bad); i++) {
		struct boot_result *r = boot_q35_with(bad[i]);

		tap_ok(r->panicked, "%s: panics", bad[i]);
		tap_eq_str(r->panic_msg, "Invalid user supplied memory map", "%s: Linux's message", bad[i]);
		tap_eq(log_count(r, "user-defined"), 0, "%s: no user-defined map", bad[i]);
	}
}

/*
 * The retyping forms on [32 MiB, 48 MiB) of the big RAM range.
 * Expect, for -1+2 an update line and a reserved range; for +3 an ACPI
 * range; for -1 a remove line and a hole; with no types a remove line
 * ending in a space and a hole.
 */
static void cmdline_memmap_retype_check(void)
{
	static const char *const update[] = {
		TS "e820: update [mem 0x02000000-0x02ffffff] usable ==> reserved",
		TS "user: [mem 0x0000000000100000-0x0000000001ffffff] usable",
		TS "user: [mem 0x0000000002000000-0x0000000002ffffff] reserved",
		TS "user: [mem 0x0000000003000000-0x000000001ffdefff] usable",
	};
	static const char *const add[] = {
		TS "user: [mem 0x0000000000100000-0x0000000001ffffff] usable",
		TS "user: [mem 0x0000000002000000-0x0000000002ffffff] ACPI data",
		TS "user: [mem 0x0000000003000000-0x000000001ffdefff] usable",
	};
	static const char *const remove[] = {
		TS "e820: remove [mem 0x02000000-0x02ffffff] usable",
		TS "user: [mem 0x0000000000100000-0x0000000001ffffff] usable",
		TS "user: [mem 0x0000000003000000-0x000000001ffdefff] usable",
	};
	static const char *const remove_all[] = {
		TS "e820: remove [mem 0x02000000-0x02ffffff] ",
		TS "user: [mem 0x0000000000100000-0x0000000001ffffff] usable",
		TS "user: [mem 0x0000000003000000-0x000000001ffdefff] usable",
	};

	EXPECT_LINES(boot_q35_with("memmap=16M%32M-1+2"), "16M%32M-1+2", update);
	EXPECT_LINES(boot_q35_with("memmap=16M%32M+3"), "16M%32M+3", add);
	EXPECT_LINES(boot_q35_with("memmap=16M%32M-1"), "16M%32M-1", remove);
	EXPECT_LINES(boot_q35_with("memmap=16M%32M"), "16M%32M", remove_all);
	tap_ok(log_has(boot_q35_with("memmap=16M%32M+0xefffffff"),
		       TS "user: [mem 0x0000000002000000-0x0000000002ffffff] soft reserved"),
	       "16M%%32M+0xefffffff: soft reserved");
}

/*
 * The other types: persistent memory with '!', ACPI data with '#',
 * the latter inside the first RAM range.
 * Expect each in its place with Linux's name.
 */
static void cmdline_memmap_types_check(void)
{
	static const char *const pram[] = {
		TS "user: [mem 0x0000000000100000-0x000000000fffffff] usable",
		TS "user: [mem 0x0000000010000000-0x00000000100fffff] persistent (type 12)",
		TS "user: [mem 0x0000000010100000-0x000000001ffdefff] usable",
	};
	static const char *const acpi[] = {
		TS "user: [mem 0x0000000000000000-0x0000000000008fff] usable",
		TS "user: [mem 0x0000000000009000-0x0000000000009fff] ACPI data",
		TS "user: [mem 0x000000000000a000-0x000000000009fbff] usable",
	};

	EXPECT_LINES(boot_q35_with("memmap=1M!256M"), "1M!256M", pram);
	EXPECT_LINES(boot_q35_with("memmap=4K#0x9000"), "4K#0x9000", acpi);
}

/*
 * A list with a bad item in the middle.
 * Expect the bad item named, Linux's "Malformed" line, and both good
 * items applied.
 */
static void cmdline_memmap_list_check(void)
{
	static const char *const lines[] = {
		TS "e820: ignoring memmap item 'junk'",
		TS "Malformed early option 'memmap'",
		TS "user: [mem 0x0000000008000000-0x000000000bffffff] reserved",
		TS "user: [mem 0x0000000030000000-0x00000000300fffff] reserved",
	};
	struct boot_result *r = boot_q35_with("memmap=64M$128M,junk,1M$0x30000000");

	EXPECT_LINES(r, "list", lines);
	tap_ok(!r->panicked, "list: the boot goes on");
}

/*
 * Hostile mem= values: each must be refused with Linux's "Malformed"
 * line and change nothing. As in Linux, a value refused after the
 * keyword was recognised still prints the (unchanged) user-defined
 * map; a bare "mem" and "mem=nopentium" do not.
 * Expect the q35 table after the trims, every time.
 */
static void cmdline_mem_hostile_check(void)
{
	static const char *const bad[] = {
		"mem=", "mem=0", "mem=garbage", "mem=512Mxyz", "mem=99999999999999999999",
		"mem=16E", "mem=-1", "mem=0x", "mem=1G,2G", "mem=1G@1G",
	};

	for (u32 i = 0; i < ARRAY_SIZE(bad); i++) {
		struct boot_result *r = boot_q35_with(bad[i]);

		tap_ok(log_has(r, TS "Malformed early option 'mem'"), "%s: malformed", bad[i]);
		tap_ok(log_has(r, TS "user-defined physical RAM map:"), "%s: user map (unchanged)", bad[i]);
		table_expect(&r->table, q35_trimmed, ARRAY_SIZE(q35_trimmed), bad[i]);
	}
	for (u32 i = 0; i < 2; i++) {
		const char *cmd = i ? "mem" : "mem=nopentium";
		struct boot_result *r = boot_q35_with(cmd);

		tap_ok(log_has(r, TS "Malformed early option 'mem'"), "%s: malformed", cmd);
		tap_eq(log_count(r, "user-defined"), 0, "%s: no user map", cmd);
		table_expect(&r->table, q35_trimmed, ARRAY_SIZE(q35_trimmed), cmd);
	}
	tap_ok(log_has(boot_q35_with("mem=nopentium"),
		       TS "mem=nopentium ignored! (only supported on x86_32)"),
	       "mem=nopentium: Linux's explanation");
}

/*
 * Hostile memmap= items: missing or junk addresses, numbers past 2^64,
 * signs, equal or impossible types, words that are almost "exactmap",
 * empty items, memmap=0.
 * Expect each named and refused, "Malformed", no user map, the table
 * as the BIOS gave it.
 */
static void cmdline_memmap_hostile_check(void)
{
	static const char *const bad[] = {
		"", "1G@", "1Gxyz", "1G@garbage", "99999999999999999999@0",
		"1G@99999999999999999999", "-1@0", "16M%32M-1+1", "16M%32M-0x100000000",
		"16M%32M+0", "16M%32M-", "16M%32M+2-1", "exactmapfoo", "exact", "0",
		"16E@0", "1G@1G@2G", "1G$", "%", "@", "1G%", "1G@0x", "4K#0x9000 ",
	};
	char cmd[64], warn[96];

	for (u32 i = 0; i < ARRAY_SIZE(bad); i++) {
		struct boot_result *r;

		snprintf(cmd, sizeof(cmd), "memmap=\"%s\"", bad[i]);
		snprintf(warn, sizeof(warn), TS "e820: ignoring memmap item '%s'", bad[i]);
		r = boot_q35_with(cmd);
		tap_ok(log_has(r, warn), "%s: named", cmd);
		tap_ok(log_has(r, TS "Malformed early option 'memmap'"), "%s: malformed", cmd);
		tap_eq(log_count(r, "user-defined"), 0, "%s: no user map", cmd);
		table_expect(&r->table, q35_trimmed, ARRAY_SIZE(q35_trimmed), cmd);
	}
	tap_eq(log_count(boot_q35_with("memmap=,,"), "ignoring memmap item ''"), 3,
	       "memmap=,,: three empty items");
	tap_ok(log_has(boot_q35_with("memmap"), TS "Malformed early option 'memmap'"),
	       "memmap without a value: malformed");
}

/* =====================================================================
 * The kernel image, and the self-tests
 */

/*
 * The q35 map does not contain the kernel image (on the host, the
 * image's "physical" address is far above it).
 * Expect Linux's warning and the image made RAM; with the image in the
 * map, no warning.
 */
static void boot_kernel_range_check(void)
{
	static struct scenario sc = { .map = q35_map, .nr = ARRAY_SIZE(q35_map), .kernel_range = true };
	u64 text = __pa_symbol(_text), end = __pa_symbol(_end);
	struct boot_result *r = boot_run("kernel range", &sc);
	struct e820_table *saved = e820_table;

	tap_ok(log_has(r, TS ".text .data .bss are not marked as E820_TYPE_RAM!"),
	       "kernel range: Linux's warning");
	e820_table = &r->table;
	tap_ok(e820__mapped_all(text, end, RAM), "kernel range: the image is RAM now");
	e820_table = saved;
	sc.image_ram = true;
	r = boot_run("kernel range, listed", &sc);
	tap_eq(log_count(r, ".text .data .bss"), 0, "kernel range listed: no warning");
}

static void sabotage_reserved_range(void)
{
	e820__range_remove(SZ_128M, SZ_64M, RES, true);
	e820__update_table(e820_table);
}

static void sabotage_order(void)
{
	struct e820_entry tmp = e820_table->entries[1];

	e820_table->entries[1] = e820_table->entries[2];
	e820_table->entries[2] = tmp;
}

static void sabotage_max_pfn(void)
{
	max_pfn++;
}

static void sabotage_bios_hole(void)
{
	e820__range_add(BIOS_BEGIN, SZ_64K, RAM);
	e820__update_table(e820_table);
}

static void sabotage_removed_range(void)
{
	e820__range_add(SZ_32M, SZ_16M, RAM);
	e820__update_table(e820_table);
}

/* The retyped range lost altogether: none of the old type, none of the new */
static void sabotage_retype_lost(void)
{
	e820__range_remove(SZ_32M, SZ_16M, 0, false);
	e820__update_table(e820_table);
}

/* The first 8 MiB of the reservation at 128 MiB given back to RAM */
static void sabotage_overlap_undone(void)
{
	e820__range_update(SZ_128M, SZ_8M, RES, RAM);
	e820__update_table(e820_table);
}

/* A range no item names reserved */
static void sabotage_stray_reservation(void)
{
	e820__range_update(SZ_256M + SZ_64M, SZ_1M, RAM, RES);
	e820__update_table(e820_table);
}

/* Persistent memory made ordinary reserved memory */
static void sabotage_pram_type(void)
{
	e820__range_update(SZ_256M, SZ_1M, E820_TYPE_PRAM, RES);
	e820__update_table(e820_table);
}

/*
 * The self-tests after a boot, on a good table and on tables broken
 * after the boot, one invariant at a time. The command-line case
 * compares the table with expectations written by hand for each
 * command line; the broken tables below are ones that an item-by-item
 * check (no RAM left where RAM was removed or retyped, overlapping
 * items excused) would have let pass: a retype whose new type is
 * missing, the earlier of two overlapping items undone, a reservation
 * nobody asked for, persistent memory with the wrong type.
 * Expect the good ones to pass (the command-line case skipped when
 * there is nothing to check or no expectation for the command line),
 * and each broken one to fail its case.
 */
static void selftests_check(void)
{
	static const struct {
		const char *cmdline;
		void (*sabotage)(void);
		int failed;
		const char *line;
	} cases[] = {
		{ "memmap=64M$128M", NULL, 0, "    ok 4 e820_command_line_is_applied" },
		{ "", NULL, 0, "    ok 4 e820_command_line_is_applied # SKIP" },
		{ "memmap=4M$64M", NULL, 0, "    ok 4 e820_command_line_is_applied # SKIP" },
		{ "memmap=exactmap,640K@0,255M@1M", NULL, 0, "    ok 4 e820_command_line_is_applied" },
		{ "mem=256M memmap=16M%32M-1+2", NULL, 0, "    ok 4 e820_command_line_is_applied" },
		{ "memmap=16M%32M-1", NULL, 0, "    ok 4 e820_command_line_is_applied" },
		{ "memmap=64M$128M memmap=16M%136M-2+1", NULL, 0, "    ok 4 e820_command_line_is_applied" },
		{ "memmap=64M$128M memmap=16M@136M", NULL, 0, "    ok 4 e820_command_line_is_applied" },
		{ "memmap=1M!256M memmap=4K#0x9000", NULL, 0, "    ok 4 e820_command_line_is_applied" },
		{ "memmap=64M$128M", sabotage_reserved_range, 1, "    not ok 4 e820_command_line_is_applied" },
		{ "", sabotage_order, 1, "    not ok 1 e820_table_is_sanitized" },
		{ "", sabotage_max_pfn, 1, "    not ok 2 e820_max_pfn_matches_ram" },
		{ "", sabotage_bios_hole, 1, "    not ok 3 e820_low_memory_is_trimmed" },
		{ "memmap=16M%32M-1", sabotage_removed_range, 1, "    not ok 4 e820_command_line_is_applied" },
		{ "mem=256M memmap=16M%32M-1+2", sabotage_retype_lost, 1,
		  "    not ok 4 e820_command_line_is_applied" },
		{ "memmap=64M$128M memmap=16M%136M-2+1", sabotage_overlap_undone, 1,
		  "    not ok 4 e820_command_line_is_applied" },
		{ "memmap=64M$128M memmap=16M@136M", sabotage_overlap_undone, 1,
		  "    not ok 4 e820_command_line_is_applied" },
		{ "memmap=64M$128M", sabotage_stray_reservation, 1, "    not ok 4 e820_command_line_is_applied" },
		{ "memmap=1M!256M memmap=4K#0x9000", sabotage_pram_type, 1,
		  "    not ok 4 e820_command_line_is_applied" },
	};
	static struct scenario sc;
	char want[LINE_MAX];

	for (u32 i = 0; i < ARRAY_SIZE(cases); i++) {
		struct boot_result *r;

		sc = (struct scenario){ .map = q35_map, .nr = ARRAY_SIZE(q35_map), .cmdline = cases[i].cmdline,
					.kernel_range = true, .image_ram = true,
					.sabotage = cases[i].sabotage, .selftests = true };
		r = boot_run(cases[i].cmdline, &sc);
		tap_eq(r->selftest_failed, cases[i].failed, "self-tests [%s]%s: %s", cases[i].cmdline,
		       cases[i].sabotage ? " broken" : "", cases[i].failed ? "fail" : "pass");
		snprintf(want, sizeof(want), TS "%s", cases[i].line);
		if (!tap_ok(log_has(r, want), "...reporting: %s", cases[i].line))
			tap_diag("log:\n%s", r->log);
	}
}

/* ===================================================================== */

int main(int argc, char **argv)
{
	kernel_e820_table = e820_table;
	kernel_e820_table_firmware = e820_table_firmware;
	console_loglevel = CONSOLE_LOGLEVEL_DEBUG;	/* KERN_DEBUG lines too */
	register_console(&capture_console);

	if (argc > 1 && !strcmp(argv[1], "--figure")) {
		static char figure[2048];

		figure_render(figure, sizeof(figure));
		puts(figure);
		return 0;
	}

	update_table_clean_check();
	update_table_unsorted_check();
	update_table_overlap_same_type_check();
	update_table_overlap_higher_last_check();
	update_table_overlap_higher_first_check();
	update_table_reserved_inside_ram_check();
	update_table_ram_inside_reserved_check();
	update_table_nested_same_type_check();
	update_table_nested_three_levels_check();
	update_table_duplicates_check();
	update_table_adjacent_check();
	update_table_zero_size_check();
	update_table_all_empty_check();
	update_table_too_few_check();
	update_table_touching_inside_check();
	update_table_pram_nomerge_check();
	update_table_top_of_space_check();
	update_table_wrap_check();
	update_table_128_alternating_check();
	update_table_128_nested_check();
	update_table_overflow_check();
	update_table_figure_check();
	check_invariants_fails_check();
	update_table_against_model_check();

	range_update_middle_check();
	range_update_by_type_check();
	range_remove_check();
	range_remove_any_type_check();
	range_remove_clip_check();
	mapped_check();

	boot_q35_check();
	boot_q35_messy_check();
	boot_type_names_check();
	boot_e801_check();
	boot_88_check();
	boot_no_memory_calls_check();
	boot_wrapping_entry_check();
	boot_no_ram_check();
	boot_too_many_entries_check();
	boot_above_4g_check();

	cmdline_mem_check();
	cmdline_memmap_reserved_check();
	cmdline_exactmap_check();
	cmdline_invalid_map_check();
	cmdline_memmap_retype_check();
	cmdline_memmap_types_check();
	cmdline_memmap_list_check();
	cmdline_mem_hostile_check();
	cmdline_memmap_hostile_check();

	boot_kernel_range_check();
	selftests_check();
	return tap_done();
}
