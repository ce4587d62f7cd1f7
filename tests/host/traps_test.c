// SPDX-License-Identifier: GPL-2.0-only
/*
 * traps_test.c - the oops printers and the exception table of book/traps.nw,
 * on the host.
 *
 * The tangled mm/fault.c, kernel/dumpstack.c and mm/extable.c are compiled
 * unchanged. What they print goes through the kernel's printk to a console
 * that captures it; the expected lines are written by hand from Linux
 * v6.1's format strings (arch/x86/mm/fault.c, arch/x86/kernel/dumpstack.c,
 * arch/x86/kernel/process_64.c), not from our output.
 */
#include <linux/kernel.h>
#include <linux/console.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/uaccess.h>
#include <asm/extable.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <asm/traps.h>
#include "tap.h"

/* The kernel's address-space bases; the tests point the direct map at 0 */
unsigned long page_offset_base, vmalloc_base, vmemmap_base;

/* The one stack the call-trace test builds; none otherwise */
static unsigned long fake_stack_begin, fake_stack_end;

bool get_stack_info(unsigned long addr, struct stack_info *info)
{
	if (addr < fake_stack_begin || addr >= fake_stack_end)
		return false;
	*info = (struct stack_info){ STACK_TYPE_TASK, fake_stack_begin, fake_stack_end };
	return true;
}

/* A console that keeps what is printed, without printk's timestamps */
static char captured[8192];
static size_t captured_len;

static void capture_write(struct console *con, const char *s, unsigned int n)
{
	(void)con;
	for (; n; n--, s++)
		if (captured_len + 1 < sizeof(captured))
			captured[captured_len++] = *s;
	captured[captured_len] = '\0';
}

static struct console capture_console = { .name = "capture", .write = capture_write };

static void capture_start(void)
{
	captured_len = 0;
	captured[0] = '\0';
}

/* The captured text with every "[    0.000000] " stamp removed */
static const char *captured_text(void)
{
	static char out[sizeof(captured)];
	static const char stamp[] = "[    0.000000] ";
	size_t o = 0;

	for (size_t i = 0; i < captured_len;) {
		if ((i == 0 || captured[i - 1] == '\n') &&
		    !strncmp(captured + i, stamp, sizeof(stamp) - 1)) {
			i += sizeof(stamp) - 1;
			continue;
		}
		out[o++] = captured[i++];
	}
	out[o] = '\0';
	return out;
}

/*
 * show_fault_oops() for each kind of kernel page fault.
 *
 *   error code  bits          access              cause
 *   0x0000      -             read                not-present page
 *   0x0002      W             write               not-present page
 *   0x0003      P W           write               permissions violation
 *   0x0010      I             instruction fetch   not-present page
 *   0x0011      P I           instruction fetch   permissions violation (+ NX line)
 *   0x0009      P R           read                reserved bit violation
 *   0x0021      P PK          read                protection keys violation
 *   0x0006      W U           write, user         not-present page
 *
 * Expect: Linux's three lines, the NX line for a fetch from a present page,
 * "NULL pointer dereference" below 4 KiB.
 */
static void show_fault_oops_check(void)
{
	static const struct {
		unsigned long error_code, address;
		const char *want;
	} cases[] = {
		{ 0x0000, 0xffffc90000000000UL,
		  "BUG: unable to handle page fault for address: ffffc90000000000\n"
		  "#PF: supervisor read access in kernel mode\n"
		  "#PF: error_code(0x0000) - not-present page\n" },
		{ 0x0002, 0xffffc90000000000UL,
		  "BUG: unable to handle page fault for address: ffffc90000000000\n"
		  "#PF: supervisor write access in kernel mode\n"
		  "#PF: error_code(0x0002) - not-present page\n" },
		{ 0x0003, 0xffffffff81000000UL,
		  "BUG: unable to handle page fault for address: ffffffff81000000\n"
		  "#PF: supervisor write access in kernel mode\n"
		  "#PF: error_code(0x0003) - permissions violation\n" },
		{ 0x0010, 0xffffc90000001000UL,
		  "BUG: unable to handle page fault for address: ffffc90000001000\n"
		  "#PF: supervisor instruction fetch in kernel mode\n"
		  "#PF: error_code(0x0010) - not-present page\n" },
		{ 0x0011, 0xffff888000100000UL,
		  "kernel tried to execute NX-protected page - exploit attempt? (uid: 0)\n"
		  "BUG: unable to handle page fault for address: ffff888000100000\n"
		  "#PF: supervisor instruction fetch in kernel mode\n"
		  "#PF: error_code(0x0011) - permissions violation\n" },
		{ 0x0009, 0xffff888000200000UL,
		  "BUG: unable to handle page fault for address: ffff888000200000\n"
		  "#PF: supervisor read access in kernel mode\n"
		  "#PF: error_code(0x0009) - reserved bit violation\n" },
		{ 0x0021, 0xffff888000200000UL,
		  "BUG: unable to handle page fault for address: ffff888000200000\n"
		  "#PF: supervisor read access in kernel mode\n"
		  "#PF: error_code(0x0021) - protection keys violation\n" },
		{ 0x0006, 0x0000000000401000UL,
		  "BUG: unable to handle page fault for address: 0000000000401000\n"
		  "#PF: user write access in kernel mode\n"
		  "#PF: error_code(0x0006) - not-present page\n" },
		{ 0x0000, 0x0000000000000008UL,
		  "BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
		  "#PF: supervisor read access in kernel mode\n"
		  "#PF: error_code(0x0000) - not-present page\n" },
	};
	struct pt_regs regs = { .cs = 0x10, .ss = 0x18 };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		capture_start();
		show_fault_oops(&regs, cases[i].error_code, cases[i].address);
		tap_eq_str(captured_text(), cases[i].want, "show_fault_oops, error code %#lx at %#lx",
			   cases[i].error_code, cases[i].address);
	}
}

/*
 * A page table of our own, in host memory; with page_offset_base = 0,
 * __va(phys) == phys, so an entry holds a host address, and the simulated
 * CR3 (host_cr3, which read_cr3_pa() reads on the host) points at the PGD.
 *
 *   pgd[273] -> pud ; pud[0] -> pmd (2 MiB pages at 2 and 4) ; pmd[0] -> pte
 *   pud[1]: a 1 GiB page            pte[1]: a 4 KiB page, pte[2]: not present
 */
struct fake_tables {
	u64 *pgd, *pud, *pmd, *pte;
};

static u64 tables[4][PTRS_PER_PTE] __aligned(PAGE_SIZE);

static struct fake_tables build_tables(void)
{
	struct fake_tables t = { tables[0], tables[1], tables[2], tables[3] };

	t.pgd[273] = (u64)(unsigned long)t.pud | _KERNPG_TABLE;
	t.pud[0] = (u64)(unsigned long)t.pmd | _KERNPG_TABLE;
	t.pud[1] = SZ_1G | __PAGE_KERNEL_LARGE_EXEC;
	t.pmd[0] = (u64)(unsigned long)t.pte | _KERNPG_TABLE;
	t.pmd[1] = SZ_2M | __PAGE_KERNEL_LARGE_EXEC;
	t.pte[1] = 0x5000 | _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX;
	return t;
}

/*
 * dump_pagetable() stops where Linux's does.
 *
 *   address             walk
 *   ffff888000001000    PGD P4D PUD PMD PTE(present)
 *   ffff888000002000    PGD P4D PUD PMD PTE 0
 *   ffff888000200000    PGD P4D PUD PMD(2 MiB page)
 *   ffff888040000000    PGD P4D PUD(1 GiB page)
 *   ffff888080000000    PGD P4D PUD 0
 *   ffffc90000000000    PGD 0 P4D 0
 *
 * Expect: "PGD v P4D v PUD v ..." with the P4D repeating the PGD, a space
 * after each entry but a PTE, and pgtable_walk() stopping at the same entry.
 */
static void dump_pagetable_check(void)
{
	struct fake_tables t = build_tables();
	char want[256], pgd[32], pud[32], pmd[32];
	unsigned int shift;

	test_snprintf(pgd, sizeof(pgd), "%llx", (unsigned long long)t.pgd[273]);
	test_snprintf(pud, sizeof(pud), "%llx", (unsigned long long)t.pud[0]);
	test_snprintf(pmd, sizeof(pmd), "%llx", (unsigned long long)t.pmd[0]);
	host_cr3 = (unsigned long)t.pgd;

	capture_start();
	dump_pagetable(0xffff888000001000UL);
	test_snprintf(want, sizeof(want), "PGD %s P4D %s PUD %s PMD %s PTE 8000000000005021\n",
		      pgd, pgd, pud, pmd);
	tap_eq_str(captured_text(), want, "dump_pagetable down to a present PTE");
	tap_ok(pgtable_walk((pgd_t *)t.pgd, 0xffff888000001000UL, &shift) == (pte_t *)&t.pte[1] &&
	       shift == PAGE_SHIFT, "pgtable_walk stops at the PTE");

	capture_start();
	dump_pagetable(0xffff888000002000UL);
	test_snprintf(want, sizeof(want), "PGD %s P4D %s PUD %s PMD %s PTE 0\n", pgd, pgd, pud, pmd);
	tap_eq_str(captured_text(), want, "dump_pagetable down to a PTE that is not present");

	capture_start();
	dump_pagetable(0xffff888000200000UL);
	test_snprintf(want, sizeof(want), "PGD %s P4D %s PUD %s PMD 2000e3 \n", pgd, pgd, pud);
	tap_eq_str(captured_text(), want, "dump_pagetable stops at a 2 MiB page");
	tap_ok(pgtable_walk((pgd_t *)t.pgd, 0xffff888000200000UL, &shift) == (pte_t *)&t.pmd[1] &&
	       shift == PMD_SHIFT, "pgtable_walk stops at the 2 MiB page");

	capture_start();
	dump_pagetable(0xffff888040000000UL);
	test_snprintf(want, sizeof(want), "PGD %s P4D %s PUD 400000e3 \n", pgd, pgd);
	tap_eq_str(captured_text(), want, "dump_pagetable stops at a 1 GiB page");

	capture_start();
	dump_pagetable(0xffff888080000000UL);
	test_snprintf(want, sizeof(want), "PGD %s P4D %s PUD 0 \n", pgd, pgd);
	tap_eq_str(captured_text(), want, "dump_pagetable stops at an empty PUD entry");
	tap_ok(pgtable_walk((pgd_t *)t.pgd, 0xffff888080000000UL, &shift) == (pte_t *)&t.pud[2] &&
	       shift == PUD_SHIFT, "pgtable_walk stops at the empty PUD entry");

	capture_start();
	dump_pagetable(0xffffc90000000000UL);
	tap_eq_str(captured_text(), "PGD 0 P4D 0 \n", "dump_pagetable stops at an empty PGD entry");
}

/*
 * The register dump, the code bytes and the die line.
 *
 *   code: 64 bytes 0x00 0x01 ... 0x3f;  regs->ip = code + 42
 *
 * Expect: "RIP: 0010:0x<ip>", the Code line with <2a> between 42 and 21
 * bytes, ORIG_RAX only when orig_ax is not -1, three registers a line.
 */
static void show_regs_check(void)
{
	static u8 code[64];
	struct pt_regs regs = {
		.r15 = 15, .r14 = 14, .r13 = 13, .r12 = 12, .bp = 0xb9, .bx = 0xb1,
		.r11 = 11, .r10 = 10, .r9 = 9, .r8 = 8, .ax = 0xa1, .cx = 0xc1,
		.dx = 0xd1, .si = 0x51, .di = 0xd0, .orig_ax = -1UL,
		.cs = 0x10, .flags = 0x10046, .sp = 0xffffffff81014f18UL, .ss = 0x18,
	};
	char want[1024], codeline[256];
	size_t n = 0;

	for (int i = 0; i < 64; i++) {
		code[i] = i;
		n += test_snprintf(codeline + n, sizeof(codeline) - n,
				   i == 42 ? "<%02x>%s" : "%02x%s", i, i < 63 ? " " : "");
	}
	regs.ip = (unsigned long)&code[42];
	capture_start();
	__show_regs(&regs, SHOW_REGS_SHORT, KERN_DEFAULT);
	test_snprintf(want, sizeof(want),
		      "RIP: 0010:0x%lx\n"
		      "Code: %s\n"
		      "RSP: 0018:ffffffff81014f18 EFLAGS: 00010046\n"
		      "RAX: 00000000000000a1 RBX: 00000000000000b1 RCX: 00000000000000c1\n"
		      "RDX: 00000000000000d1 RSI: 0000000000000051 RDI: 00000000000000d0\n"
		      "RBP: 00000000000000b9 R08: 0000000000000008 R09: 0000000000000009\n"
		      "R10: 000000000000000a R11: 000000000000000b R12: 000000000000000c\n"
		      "R13: 000000000000000d R14: 000000000000000e R15: 000000000000000f\n",
		      regs.ip, codeline);
	tap_eq_str(captured_text(), want, "__show_regs: RIP, Code, RSP and the registers");

	regs.orig_ax = 0x2;
	capture_start();
	__show_regs(&regs, SHOW_REGS_SHORT, KERN_DEFAULT);
	tap_ok(strstr(captured_text(), "EFLAGS: 00010046 ORIG_RAX: 0000000000000002\nRAX:") != NULL,
	       "__show_regs shows ORIG_RAX when it is not -1");

	capture_start();
	__die_header("Oops", &regs, 0x10002);
	__die_header("general protection fault", &regs, 0);
	tap_eq_str(captured_text(), "Oops: 0002 [#1]\ngeneral protection fault: 0000 [#2]\n",
		   "__die_header: low 16 bits of the error code, oopses counted");
}

/*
 * The segment and control registers.
 *
 * Expect: Linux's three lines, with "FS:  " (two spaces) and "CS:  ".
 */
static void show_cregs_check(void)
{
	struct cregs_snapshot c = {
		.cr0 = 0x80050033, .cr2 = 0xffffc90000000000UL, .cr3 = 0x260a000,
		.cr4 = 0x6f0, .fs_base = 0x7f2177907700UL, .gs_base = 0xffff88803ec00000UL,
		.kernel_gs_base = 0, .ds = 0, .es = 0, .fs = 0, .gs = 0,
	};

	capture_start();
	show_cregs(&c, 0x10, KERN_DEFAULT);
	tap_eq_str(captured_text(),
		   "FS:  00007f2177907700(0000) GS:ffff88803ec00000(0000) knlGS:0000000000000000\n"
		   "CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033\n"
		   "CR2: ffffc90000000000 CR3: 000000000260a000 CR4: 00000000000006f0\n",
		   "show_cregs: the FS/GS, CS/DS/ES/CR0 and CR2/CR3/CR4 lines");
}

/*
 * The call trace follows the frame-pointer chain.
 *
 *   stack:  [0] -> [4]  [1] = 0x...111   [4] -> [8]  [5] = 0x...222
 *           [8] = 0 (end of chain)       [9] = 0x...333
 *
 * Expect: the three return addresses in order between <TASK> and </TASK>;
 * a chain that points below itself stops the walk.
 */
static void show_trace_check(void)
{
	static unsigned long stack[16];
	struct pt_regs regs = { .cs = 0x10 };

	fake_stack_begin = (unsigned long)stack;
	fake_stack_end = (unsigned long)(stack + 16);
	stack[0] = (unsigned long)&stack[4];
	stack[1] = 0xffffffff81000111UL;
	stack[4] = (unsigned long)&stack[8];
	stack[5] = 0xffffffff81000222UL;
	stack[8] = 0;
	stack[9] = 0xffffffff81000333UL;
	regs.bp = (unsigned long)&stack[0];
	capture_start();
	show_trace_log_lvl(&regs, KERN_DEFAULT);
	tap_eq_str(captured_text(),
		   "Call Trace:\n <TASK>\n 0xffffffff81000111\n 0xffffffff81000222\n"
		   " 0xffffffff81000333\n </TASK>\n",
		   "show_trace_log_lvl follows the frame pointers");

	stack[4] = (unsigned long)&stack[0];	/* a loop */
	capture_start();
	show_trace_log_lvl(&regs, KERN_DEFAULT);
	tap_eq_str(captured_text(),
		   "Call Trace:\n <TASK>\n 0xffffffff81000111\n 0xffffffff81000222\n </TASK>\n",
		   "show_trace_log_lvl stops at a frame that points down");
	fake_stack_begin = fake_stack_end = 0;
}

/*
 * Sorting an exception table moves entries, and with them the offsets.
 *
 *   targets: 64 bytes; entry i points at targets[perm[i]], fixup at +1
 *
 * Expect: after sort_extable() the instruction addresses ascend, every
 * entry still pairs insn t with fixup t + 1, and search_extable() finds
 * each target and nothing else.
 */
static void extable_sort_search_check(void)
{
	enum { N = 40 };
	static u8 targets[2 * N];
	static struct exception_table_entry table[N];
	bool sorted = true, paired = true, found = true, missed = true;

	test_srand(test_seed_from_env(20240613));
	for (int i = 0; i < N; i++) {
		int j = test_rand() % (i + 1);	/* a random permutation */

		table[i] = table[j];
		table[j].insn = 2 * i;		/* fixed up below */
	}
	for (int i = 0; i < N; i++) {
		int t = table[i].insn;

		table[i].insn = (int)((long)&targets[t] - (long)&table[i].insn);
		table[i].fixup = (int)((long)&targets[t + 1] - (long)&table[i].fixup);
		table[i].data = t;
	}
	sort_extable(table, table + N);
	for (int i = 0; i < N; i++) {
		if (i && ex_to_insn(&table[i - 1]) >= ex_to_insn(&table[i]))
			sorted = false;
		if (ex_fixup_addr(&table[i]) != ex_to_insn(&table[i]) + 1 ||
		    ex_to_insn(&table[i]) != (unsigned long)&targets[table[i].data])
			paired = false;
		if (search_extable(table, N, (unsigned long)&targets[2 * i]) == NULL)
			found = false;
		if (search_extable(table, N, (unsigned long)&targets[2 * i + 1]) != NULL)
			missed = false;
	}
	tap_ok(sorted, "sort_extable: instruction addresses ascend");
	tap_ok(paired, "sort_extable: each entry keeps its instruction, fixup and data");
	tap_ok(found, "search_extable finds every instruction");
	tap_ok(missed, "search_extable finds nothing between them");
	tap_ok(search_extable(table, 0, (unsigned long)&targets[0]) == NULL,
	       "search_extable of an empty table finds nothing");
}

/*
 * The copies succeed on memory that does not fault (on the host no fault
 * can be taken: there is no fixup handler).
 *
 * Expect: copy_from/to_kernel_nofault copy every byte and return 0.
 */
static void nofault_copy_check(void)
{
	char src[] = "startmem", dst[sizeof(src)] = { 0 };

	tap_eq(copy_from_kernel_nofault(dst, src, sizeof(src)), 0, "copy_from_kernel_nofault returns 0");
	tap_eq_str(dst, "startmem", "copy_from_kernel_nofault copied the bytes");
	memset(dst, 0, sizeof(dst));
	tap_eq(copy_to_kernel_nofault(dst, src, sizeof(src)), 0, "copy_to_kernel_nofault returns 0");
	tap_eq_str(dst, "startmem", "copy_to_kernel_nofault copied the bytes");
}

int main(void)
{
	register_console(&capture_console);
	show_fault_oops_check();
	dump_pagetable_check();
	show_regs_check();
	show_cregs_check();
	show_trace_check();
	extable_sort_search_check();
	nofault_copy_check();
	return tap_done();
}
