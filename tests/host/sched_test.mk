# SPDX-License-Identifier: GPL-2.0-only
sched_test_SRCS := src/kernel/sched/rq.c src/kernel/printk/printk.c src/lib/vsprintf.c src/lib/cmdline.c
