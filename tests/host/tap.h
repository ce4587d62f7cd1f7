/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tap.h - a small TAP producer for host tests, run by prove.
 *
 * Host tests are compiled like the kernel, without the C library's headers,
 * so this header declares only what the tests need; tap.c and host_lib.c,
 * compiled with the C library, implement it.
 */
#ifndef TESTS_HOST_TAP_H
#define TESTS_HOST_TAP_H

#include <linux/types.h>
#include <linux/compiler.h>

/* Every check prints "ok N - what" or "not ok N - what"; returns @cond. */
bool tap_ok(bool cond, const char *fmt, ...) __printf(2, 3);
/* As tap_ok(), and on failure prints both values as a diagnostic. */
bool tap_eq(u64 got, u64 want, const char *fmt, ...) __printf(3, 4);
bool tap_eq_str(const char *got, const char *want, const char *fmt, ...) __printf(3, 4);
/* "# ..." lines: comments that prove shows with -v. */
void tap_diag(const char *fmt, ...) __printf(1, 2);
/* Prints the plan (1..N) and returns the exit status: 0 iff all passed. */
int tap_done(void);

/* The C library, for tests */
void *test_alloc(size_t size);		/* zeroed; aborts on failure */
void test_free(void *p);
void test_srand(u64 seed);
u64 test_rand(void);			/* deterministic for a seed */
u64 test_seed_from_env(u64 fallback);	/* $TEST_SEED if set */
int test_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
void test_abort(const char *why) __noreturn;

/*
 * Simulated physical memory for page-table tests: address space for
 * physical [0, @size), 1 GiB aligned; set page_offset_base to it.
 */
void *host_phys_mem_reserve(unsigned long long size);
void host_phys_mem_release(void *base, unsigned long long size);
extern unsigned long host_cr3, host_cr4;	/* asm/tlbflush.h's registers */
/*
 * An independent walk of 4-level page tables in simulated memory
 * (physical address p is at host address @direct_base + p).
 * host_pt_entry: the entry at the level mapping 2^@shift bytes, or where
 * the walk stopped (not present, or a large page); returns that level's shift.
 * host_pt_walk: the leaf that maps @va; returns 12, 21 or 30, or 0 if unmapped.
 * host_pt_phys: the physical address a leaf of size 2^@shift gives @va.
 */
int host_pt_entry(unsigned long long cr3, unsigned long long va, int shift,
		  unsigned long long direct_base, unsigned long long *entry);
int host_pt_walk(unsigned long long cr3, unsigned long long va,
		 unsigned long long direct_base, unsigned long long *leaf);
unsigned long long host_pt_phys(unsigned long long leaf, int shift, unsigned long long va);

/*
 * Physical memory that can be mapped twice (backed by a memfd), reserved
 * address space for a kernel virtual region, and a simulated MMU:
 * host_pt_realize() maps each page of [@va, @va + @len) that the page tables
 * at @cr3 map to the physical page they name, leaves the rest inaccessible,
 * and returns the bytes mapped. Needs host_phys_mem_reserve_shared().
 */
void *host_phys_mem_reserve_shared(unsigned long long size);
void host_phys_mem_release_shared(void *base, unsigned long long size);
void *host_va_reserve(unsigned long long base, unsigned long long size);
void host_va_release(unsigned long long base, unsigned long long size);
unsigned long long host_pt_realize(unsigned long long cr3, unsigned long long va,
				   unsigned long long len, unsigned long long direct_base);

#endif
