// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_lib.c - the C library's side of the host benchmarks: output, the
 * clock behind printk's local_clock(), and a description of the machine.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dlfcn.h>
#include <unistd.h>
#include <sys/utsname.h>

void bench_write(const char *s, size_t len)
{
	fwrite(s, 1, len, stdout);
	fflush(stdout);
}

/* printk's clock, and the benchmarks' stopwatch: monotonic nanoseconds */
unsigned long long local_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

void bench_describe_host(void)
{
	char line[256];
	struct utsname u;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "model name", 10)) {
			printf("# host: %s", strchr(line, ':') + 2);
			break;
		}
	}
	if (f)
		fclose(f);
	if (!uname(&u))
		printf("# host: %s %s %s\n", u.sysname, u.release, u.machine);
	fflush(stdout);
}

void bench_abort(const char *why)
{
	fprintf(stderr, "bench aborted: %s\n", why);
	abort();
}

/* Memory for a benchmark's simulated machine, zeroed */
void *bench_calloc(size_t size)
{
	void *p = calloc(1, size);

	if (!p)
		bench_abort("out of memory");
	return p;
}

/*
 * libjemalloc uses initial-exec TLS, so dlopen() refuses it unless glibc
 * reserved room in the static TLS block at start-up. Re-run the program
 * once with that room (a glibc tunable); call before printing anything.
 */
void bench_prepare_dlopen(void)
{
	if (getenv("BENCH_TLS_ROOM"))
		return;
	setenv("BENCH_TLS_ROOM", "1", 1);
	setenv("GLIBC_TUNABLES", "glibc.rtld.optional_static_tls=65536", 1);
	execl("/proc/self/exe", "bench", (char *)NULL);
}

/*
 * The allocator @which: 0 glibc's, 1 Debian's libjemalloc, 2 Debian's
 * libmimalloc, opened privately so that it does not replace glibc's malloc
 * for the rest of the program. Returns 0 if it is not installed.
 */
int bench_allocator(int which, void *(**m)(size_t), void (**f)(void *))
{
	static const char *const libs[] = { NULL, "libjemalloc.so.2", "libmimalloc.so.2" };
	static const char *const syms[][2] = { { NULL, NULL }, { "malloc", "free" },
					       { "mi_malloc", "mi_free" } };
	void *lib;

	*m = malloc;
	*f = free;
	if (!which)
		return 1;
	lib = dlopen(libs[which], RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return 0;
	*m = (void *(*)(size_t))dlsym(lib, syms[which][0]);
	*f = (void (*)(void *))dlsym(lib, syms[which][1]);
	return *m && *f;
}

/*
 * Tenths of ns per malloc(@size) + free() pair, @iters times, with the
 * allocator @which (see bench_allocator()). Returns -1 if it is not installed.
 */
long bench_malloc_free_dns(size_t size, unsigned long iters, int which)
{
	void *(*do_malloc)(size_t);
	void (*do_free)(void *);
	unsigned long long t0;
	unsigned long i;

	if (!bench_allocator(which, &do_malloc, &do_free))
		return -1;
	do_free(do_malloc(size));	/* warm the caches */
	t0 = local_clock();
	for (i = 0; i < iters; i++) {
		void *volatile p = do_malloc(size);

		do_free(p);
	}
	return (long)((local_clock() - t0) * 10 / iters);
}

/*
 * Tenths of ns per pair in a mixed workload: @live slots, each step frees
 * the oldest and allocates @sizes[step % @nsizes] in its place; @iters steps.
 */
long bench_mixed_dns(const unsigned int *sizes, unsigned int nsizes, unsigned int live,
		     unsigned long iters, int which)
{
	void *(*do_malloc)(size_t);
	void (*do_free)(void *);
	void **slot = calloc(live, sizeof(void *));
	unsigned long long t0;
	unsigned long i;

	if (!slot || !bench_allocator(which, &do_malloc, &do_free))
		return -1;
	for (i = 0; i < live; i++)
		slot[i] = do_malloc(sizes[i % nsizes]);
	t0 = local_clock();
	for (i = 0; i < iters; i++) {
		do_free(slot[i % live]);
		slot[i % live] = do_malloc(sizes[i % nsizes]);
	}
	t0 = local_clock() - t0;
	for (i = 0; i < live; i++)
		do_free(slot[i]);
	free(slot);
	return (long)(t0 * 10 / iters);
}
