# SPDX-License-Identifier: GPL-2.0-only
spinlock_test_SRCS := src/kernel/printk/printk.c src/lib/vsprintf.c src/lib/cmdline.c
