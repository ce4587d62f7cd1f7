/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * capture.h - a console that keeps what the kernel code printed, for host
 * tests that check messages. Include it once, in the test's own file:
 * it defines the buffer. register_console(&capture) starts it,
 * capture_clear() empties it, logged() looks for a whole printed line,
 * logged_in_order() for pieces of text in a given order.
 */
#ifndef TESTS_HOST_CAPTURE_H
#define TESTS_HOST_CAPTURE_H

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>

static char log_buf[SZ_64K];
static size_t log_len;

static void capture_write(struct console *con, const char *s, unsigned int len)
{
	(void)con;
	if (log_len + len >= sizeof(log_buf))
		len = sizeof(log_buf) - 1 - log_len;
	memcpy(log_buf + log_len, s, len);
	log_len += len;
	log_buf[log_len] = '\0';
}

static struct console capture = { .name = "capture", .write = capture_write };

static inline void capture_clear(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

/* Does the log hold @line as a whole line, after its "[    0.000000] " stamp? */
static inline bool logged(const char *line)
{
	const char *p = log_buf;
	size_t n = strlen(line);

	while ((p = strstr(p, line))) {
		if (p > log_buf && p[-1] == ' ' && (p[n] == '\n' || p[n] == '\0'))
			return true;
		p++;
	}
	return false;
}

/* Is each of the @n @texts in the log, each after the one before it? */
static inline bool logged_in_order(const char *const *texts, int n)
{
	const char *at = log_buf;

	for (int i = 0; i < n; i++) {
		at = strstr(at, texts[i]);
		if (!at)
			return false;
		at += strlen(texts[i]);
	}
	return true;
}

#endif
