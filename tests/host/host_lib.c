// SPDX-License-Identifier: GPL-2.0-only
/*
 * host_lib.c - what host tests need from the C library, and the few kernel
 * symbols that have no hardware-free implementation. Compiled with libc.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void test_abort(const char *why) __attribute__((noreturn));

void *test_alloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p) {
		fprintf(stderr, "test_alloc: out of memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

void test_free(void *p)
{
	free(p);
}

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

void test_srand(unsigned long long seed)
{
	rng_state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

/* xorshift64*: deterministic, so a failing seed can be replayed */
unsigned long long test_rand(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

unsigned long long test_seed_from_env(unsigned long long fallback)
{
	const char *s = getenv("TEST_SEED");

	return s ? strtoull(s, NULL, 0) : fallback;
}

/*
 * The C library's formatter, as a reference. Tests that link the kernel's
 * lib/vsprintf.c replace the program's vsnprintf with the kernel's, so this
 * goes through vasprintf, which the kernel does not define.
 */
int test_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	char *out;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&out, fmt, ap);
	va_end(ap);
	if (n < 0)
		test_abort("vasprintf failed");
	if (size) {
		size_t k = (size_t)n < size - 1 ? (size_t)n : size - 1;

		for (size_t i = 0; i < k; i++)
			buf[i] = out[i];
		buf[k] = '\0';
	}
	free(out);
	return n;
}

void test_abort(const char *why)
{
	fprintf(stderr, "test aborted: %s\n", why);
	abort();
}

/* printk's clock: host tests see every message at time zero */
unsigned long long local_clock(void)
{
	return 0;
}

/*
 * Simulated physical memory and page tables, for tests of page-table code.
 *
 * host_phys_mem_reserve() reserves address space to stand for physical
 * memory [0, size): a test sets the kernel's page_offset_base to the
 * returned base, so that __va(phys) is a real host address. The base is
 * 1 GiB aligned, as PAGE_OFFSET is, and below the program's own data, so
 * that __pa() of a static array (base + a few TiB) is also a valid
 * physical address: page tables in the program's BSS can be pointed to.
 * Pages are committed only when touched.
 */
#include <stdint.h>
#include <sys/mman.h>

#define HOST_PHYS_BASE	0x200000000000ULL	/* 32 TiB: below PIE and heap */
#define HOST_GIB	(1ULL << 30)

unsigned long host_cr3, host_cr4;	/* the simulated control registers */

void *host_phys_mem_reserve(unsigned long long size)
{
	void *want = (void *)(uintptr_t)HOST_PHYS_BASE;
	void *p = mmap(want, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != want || (uintptr_t)p % HOST_GIB) {
		fprintf(stderr, "host_phys_mem_reserve: cannot reserve %llu bytes at %p\n",
			size, want);
		abort();
	}
	return p;
}

void host_phys_mem_release(void *base, unsigned long long size)
{
	munmap(base, size);
}

/*
 * A walk of x86-64 4-level page tables, written from the architecture
 * manual and sharing nothing with the kernel's pgtable.h, so that tests
 * of that code do not check it against itself.
 */
#define PT_PRESENT	0x1ULL		/* bit 0 */
#define PT_PSE		0x80ULL		/* bit 7: a large page */
#define PT_ADDR_MASK	0x000ffffffffff000ULL	/* bits 51..12 */
#define PT_BITS		9		/* index bits per level */
#define PT_ENTRIES	(1 << PT_BITS)
#define PT_TOP_SHIFT	39		/* the PGD's */
#define PT_PAGE_SHIFT	12

/*
 * Returns the entry that maps @va at the level whose entries map
 * 2^@shift bytes (39, 30, 21 or 12), or stops early: at a non-present
 * entry, or at a large page above @shift. Returns the shift of the level
 * where it stopped, and the entry there in *@entry.
 */
int host_pt_entry(unsigned long long cr3, unsigned long long va, int shift,
		  unsigned long long direct_base, unsigned long long *entry)
{
	unsigned long long table = cr3 & PT_ADDR_MASK, e = 0;
	int s;

	for (s = PT_TOP_SHIFT; s >= PT_PAGE_SHIFT; s -= PT_BITS) {
		const unsigned long long *t =
			(const unsigned long long *)(uintptr_t)(direct_base + table);

		e = t[(va >> s) & (PT_ENTRIES - 1)];
		if (s == shift || !(e & PT_PRESENT) ||
		    (s != PT_TOP_SHIFT && (e & PT_PSE)))
			break;
		table = e & PT_ADDR_MASK;
	}
	*entry = e;
	return s;
}

/*
 * Translates @va; returns the size shift of the page that maps it (12,
 * 21 or 30) and its leaf entry in *@leaf, or 0 if @va is not mapped.
 */
int host_pt_walk(unsigned long long cr3, unsigned long long va,
		 unsigned long long direct_base, unsigned long long *leaf)
{
	int s = host_pt_entry(cr3, va, PT_PAGE_SHIFT, direct_base, leaf);

	return (*leaf & PT_PRESENT) ? s : 0;
}

/* The physical address @va translates to; call only if it is mapped. */
unsigned long long host_pt_phys(unsigned long long leaf, int shift, unsigned long long va)
{
	unsigned long long page_mask = ~((1ULL << shift) - 1);

	return (leaf & PT_ADDR_MASK & page_mask) | (va & ~page_mask);
}

/*
 * panic() for host tests that link kernel code which may panic: the
 * message as a TAP diagnostic, and an abort, which prove reports as a
 * failed test. A test that expects panics defines its own.
 */
__attribute__((weak, noreturn)) void panic(const char *fmt, ...)
{
	va_list ap;

	printf("# panic: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	test_abort("the code under test panicked");
}

/*
 * The fault probes of the traps chapter are assembly with exception-table
 * entries: they exist only in the kernel. Self-tests that use them are
 * compiled into host tests but never run there; these definitions only
 * satisfy the linker, and say so loudly if a host test ever calls one.
 */
struct thread_struct { unsigned long cr2, trap_nr, error_code; };
__attribute__((weak)) struct thread_struct init_thread;

__attribute__((weak)) int probe_kernel_write(void *addr)
{
	(void)addr;
	test_abort("probe_kernel_write() is kernel-only");
}

__attribute__((weak)) int probe_kernel_exec(const void *addr)
{
	(void)addr;
	test_abort("probe_kernel_exec() is kernel-only");
}

__attribute__((weak)) void probe_kernel_exec_nop(void)
{
	test_abort("probe_kernel_exec_nop() is kernel-only");
}

/*
 * Simulated physical memory that can be mapped twice, and a simulated MMU.
 *
 * host_phys_mem_reserve_shared() is host_phys_mem_reserve() backed by a
 * memfd instead of anonymous memory, so that a page of "physical memory"
 * can also be mapped at a second address. host_va_reserve() reserves
 * inaccessible address space for a kernel virtual region (the vmemmap, say)
 * at a fixed host address. host_pt_realize() then makes the host's MMU
 * agree with the kernel's page tables over part of that region: every page
 * the tables map becomes the physical page they name, and every page they
 * do not map stays inaccessible, so that a stray access faults as it would
 * in the kernel. Runs of pages contiguous in both spaces take one mmap().
 */
#include <sys/mman.h>
#include <unistd.h>

static int host_phys_fd = -1;

void *host_phys_mem_reserve_shared(unsigned long long size)
{
	void *want = (void *)(uintptr_t)HOST_PHYS_BASE, *p;
	int fd = memfd_create("startmem-phys", 0);

	if (fd < 0 || ftruncate(fd, (off_t)size) < 0) {
		perror("host_phys_mem_reserve_shared: memfd");
		abort();
	}
	p = mmap(want, size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_NORESERVE | MAP_FIXED_NOREPLACE, fd, 0);
	if (p != want) {
		fprintf(stderr, "host_phys_mem_reserve_shared: cannot map %llu bytes at %p\n",
			size, want);
		abort();
	}
	host_phys_fd = fd;
	return p;
}

void host_phys_mem_release_shared(void *base, unsigned long long size)
{
	munmap(base, size);
	close(host_phys_fd);
	host_phys_fd = -1;
}

void *host_va_reserve(unsigned long long base, unsigned long long size)
{
	void *want = (void *)(uintptr_t)base;
	void *p = mmap(want, size, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != want) {
		fprintf(stderr, "host_va_reserve: cannot reserve %llu bytes at %p\n", size, want);
		abort();
	}
	return p;
}

void host_va_release(unsigned long long base, unsigned long long size)
{
	munmap((void *)(uintptr_t)base, size);
}

static void host_map_run(unsigned long long va, unsigned long long pa, unsigned long long len)
{
	void *p = mmap((void *)(uintptr_t)va, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_FIXED, host_phys_fd, (off_t)pa);

	if (p == MAP_FAILED) {
		perror("host_pt_realize: mmap");
		abort();
	}
}

unsigned long long host_pt_realize(unsigned long long cr3, unsigned long long va,
				   unsigned long long len, unsigned long long direct_base)
{
	unsigned long long end = va + len, run_va = 0, run_pa = 0, run_len = 0, mapped = 0;
	unsigned long long leaf, pa, step;
	int shift;

	if (host_phys_fd < 0)
		test_abort("host_pt_realize needs host_phys_mem_reserve_shared()");
	mmap((void *)(uintptr_t)va, len, PROT_NONE,
	     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
	for (; va < end; va += step) {
		shift = host_pt_walk(cr3, va, direct_base, &leaf);
		step = 1ULL << (shift ? shift : PT_PAGE_SHIFT);
		step -= va & (step - 1);
		if (step > end - va)
			step = end - va;
		if (!shift)
			continue;
		pa = host_pt_phys(leaf, shift, va);
		if (run_len && run_va + run_len == va && run_pa + run_len == pa) {
			run_len += step;
		} else {
			if (run_len)
				host_map_run(run_va, run_pa, run_len);
			run_va = va, run_pa = pa, run_len = step;
		}
		mapped += step;
	}
	if (run_len)
		host_map_run(run_va, run_pa, run_len);
	return mapped;
}
