# SPDX-License-Identifier: GPL-2.0-only
percpu_test_SRCS := src/mm/percpu.c src/kernel/printk/printk.c src/lib/vsprintf.c src/lib/cmdline.c src/lib/kunit/test.c
