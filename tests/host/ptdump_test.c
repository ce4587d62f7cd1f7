// SPDX-License-Identifier: GPL-2.0-only
/*
 * ptdump_test.c - arch/x86/mm/dump_pagetables.c (book/report.nw) on page
 * tables built here by hand, in host memory standing for physical memory.
 *
 * The expected lines are written out in Linux's format (Linux's
 * arch/x86/mm/dump_pagetables.c printk_prot() and note_page()): start and
 * end in 16 hex digits, the size in nine columns and a unit, the flags in
 * fixed columns, the level. The walker is chapter direct_map's
 * ptdump_walk_pgd().
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <asm/pgtable.h>
#include <asm/ptdump.h>
#include "tap.h"

/* What head64.c and e820.c define in the kernel */
unsigned long page_offset_base, vmalloc_base, vmemmap_base, max_pfn_mapped, max_pfn;

/* The self-tests in the file under test name the image; they do not run here */
static char image[PAGE_SIZE] __aligned(PAGE_SIZE) __attribute__((used));
asm(".globl _text, _etext, __start_rodata, __end_rodata, _sdata, _edata, __bss_start, __bss_stop, _end\n"
    ".set _text, image\n .set _etext, image\n .set __start_rodata, image\n"
    ".set __end_rodata, image\n .set _sdata, image\n .set _edata, image\n"
    ".set __bss_start, image\n .set __bss_stop, image\n .set _end, image + 0x1000\n");

#define SIM_SPACE	SZ_1G
#define PGD_PA		0x1000
#define PUD_PA		0x2000
#define PMD_PA		0x3000
#define PTE_PA		0x4000
#define _PAGE_PAT_PTE	_PAGE_PSE		/* bit 7 in a PTE */
#define _PAGE_PAT_BIG	(1ULL << 12)		/* bit 12 in a large entry */

static u64 *table(u64 pa)
{
	return __va(pa);
}

static struct mm_struct test_mm;
static char buf[SZ_16K];

static const char *dump(void)
{
	struct seq_file m = { .buf = buf, .size = sizeof(buf) };

	buf[0] = '\0';
	ptdump_walk_pgd_level(&m, &test_mm);
	tap_ok(!seq_has_overflowed(&m), "the dump fits its buffer");
	return buf;
}

/* The dump's lines from "---[ User Space ]---" up to the next marker */
static const char *user_space(const char *text)
{
	static char part[SZ_4K];
	const char *end = strstr(text + 1, "---[ Kernel Space ]---");
	size_t n = end ? (size_t)(end - text) : strlen(text);

	if (n >= sizeof(part))
		n = sizeof(part) - 1;
	memcpy(part, text, n);
	part[n] = '\0';
	return part;
}

/*
 *   PGD[0] -> PUD[0] -> PMD[0] -> PTE[0..1]  4K USR RW, executable
 *                                 PTE[2]     4K read-only, NX
 *                                 PTE[3]     4K RW PWT PCD PAT GLB, NX
 *             PUD[0] -> PMD[1]               2M RW PAT (bit 12), NX: no PAT shown
 *             PUD[1]                         1G read-only, GLB, executable
 *
 * Expect: one line per run, in Linux's columns, a hole between the runs
 * and after them; the large page's PAT bit is not shown, because v6.1's
 * note_page() masks the flags with PTE_FLAGS_MASK, which drops bit 12 with
 * the frame (before v5.6, pmd_flags() kept it); and the last user-space
 * run reaching the start of the kernel's half (2^64 - 2^47), too large
 * for the size's nine columns, as in Linux.
 */
static void user_runs_check(void)
{
	static const char want[] =
	"---[ User Space ]---\n"
	"0x0000000000000000-0x0000000000002000           8K USR RW                     x  pte\n"
	"0x0000000000002000-0x0000000000003000           4K USR ro                 GLB NX pte\n"
	"0x0000000000003000-0x0000000000004000           4K USR RW PWT PCD     PAT GLB NX pte\n"
	"0x0000000000004000-0x0000000000200000        2032K                               pte\n"
	"0x0000000000200000-0x0000000000400000           2M USR RW         PSE         NX pmd\n"
	"0x0000000000400000-0x0000000040000000        1020M                               pmd\n"
	"0x0000000040000000-0x0000000080000000           1G USR ro         PSE     GLB x  pud\n"
	"0x0000000080000000-0x0000008000000000         510G                               pud\n"
	"0x0000008000000000-0xffff800000000000   17179737600G                               p4d\n";
	const u64 user = _PAGE_PRESENT | _PAGE_USER;

	memset(__va(0), 0, 8 * PAGE_SIZE);
	table(PGD_PA)[0] = PUD_PA | _PAGE_TABLE;
	table(PUD_PA)[0] = PMD_PA | _PAGE_TABLE;
	table(PUD_PA)[1] = SZ_1G | user | _PAGE_PSE | _PAGE_GLOBAL;
	table(PMD_PA)[0] = PTE_PA | _PAGE_TABLE;
	table(PMD_PA)[1] = SZ_2M | user | _PAGE_RW | _PAGE_PSE | _PAGE_PAT_BIG | _PAGE_NX;
	table(PTE_PA)[0] = 0x10000 | user | _PAGE_RW;
	table(PTE_PA)[1] = 0x11000 | user | _PAGE_RW;
	table(PTE_PA)[2] = 0x12000 | user | _PAGE_GLOBAL | _PAGE_NX;
	table(PTE_PA)[3] = 0x13000 | user | _PAGE_RW | _PAGE_PWT | _PAGE_PCD | _PAGE_PAT_PTE |
			   _PAGE_GLOBAL | _PAGE_NX;
	tap_eq_str(user_space(dump()), want, "user space: a line per run, in Linux's columns");
}

/*
 *   PTE[0] RW, PTE[1] the same flags but a different frame
 *   PTE[2] the same flags, but the PMD entry above it says not writable
 *
 * Expect: frames do not split runs; effective permissions do, so the
 * third page starts a run of its own although its PTE is the same.
 */
static void effective_prot_check(void)
{
	const u64 flags = _PAGE_PRESENT | _PAGE_USER | _PAGE_RW;
	const char *text;

	memset(__va(0), 0, 8 * PAGE_SIZE);
	table(PGD_PA)[0] = PUD_PA | _PAGE_TABLE;
	table(PUD_PA)[0] = PMD_PA | _PAGE_TABLE;
	table(PMD_PA)[0] = PTE_PA | _PAGE_TABLE;
	table(PMD_PA)[1] = (PTE_PA + PAGE_SIZE) | (_PAGE_TABLE & ~_PAGE_RW);
	table(PTE_PA)[0] = 0x10000 | flags;
	table(PTE_PA)[1] = 0x90000 | flags;
	table(PTE_PA + PAGE_SIZE)[0] = 0x20000 | flags;
	text = user_space(dump());
	tap_ok(strstr(text, "0x0000000000000000-0x0000000000002000           8K USR RW") != NULL,
	       "two pages, two frames, one run");
	tap_ok(strstr(text, "0x0000000000200000-0x0000000000201000           4K USR RW") != NULL,
	       "a page under a read-only PMD is a run of its own");
}

struct run_log {
	unsigned long n, present, last_end;
	bool contiguous;
};

static void count_run(unsigned long start, unsigned long end, int level, pgprotval_t prot,
		      void *data)
{
	struct run_log *log = data;

	(void)level;
	log->contiguous &= start == log->last_end;
	log->last_end = end;
	log->n++;
	log->present += !!(prot & _PAGE_PRESENT);
}

/*
 *   the tables of user_runs_check()
 *
 * Expect: ptdump_walk_runs() gives the same runs as the printed lines,
 * contiguous from 0 to the wrapped top, five of them present.
 */
static void runs_check(void)
{
	struct run_log log = { .contiguous = true };
	const char *p;
	unsigned long lines = 0;

	user_runs_check();
	for (p = dump(); (p = strstr(p, "\n0x")); p++)
		lines++;
	ptdump_walk_runs(&test_mm, count_run, &log);
	tap_eq(log.n, lines + !strncmp(buf, "0x", 2), "runs: as many as the dump's lines");
	tap_ok(log.contiguous && log.last_end == 0, "runs: contiguous, up to the top");
	tap_eq(log.present, 5, "runs: the five present runs of user space");
}

/*
 *   a buffer of 100 bytes for a dump of many lines
 *
 * Expect: the buffer says it overflowed.
 */
static void overflow_check(void)
{
	char small[100];
	struct seq_file m = { .buf = small, .size = sizeof(small) };

	ptdump_walk_pgd_level(&m, &test_mm);
	tap_ok(seq_has_overflowed(&m), "a dump too long for its buffer overflows it");
	tap_eq(strlen(small), sizeof(small) - 1, "and fills it, without writing past it");
}

int main(void)
{
	void *mem = host_phys_mem_reserve(SIM_SPACE);

	page_offset_base = (unsigned long)mem;
	test_mm.pgd = __va(PGD_PA);
	user_runs_check();
	effective_prot_check();
	runs_check();
	overflow_check();
	host_phys_mem_release(mem, SIM_SPACE);
	return tap_done();
}
