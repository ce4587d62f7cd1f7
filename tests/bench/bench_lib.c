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
