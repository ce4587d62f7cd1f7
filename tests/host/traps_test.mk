# SPDX-License-Identifier: GPL-2.0-only
traps_test_SRCS := src/arch/x86/mm/fault.c src/arch/x86/kernel/dumpstack.c \
	src/arch/x86/mm/extable.c src/kernel/printk/printk.c src/lib/vsprintf.c \
	src/lib/cmdline.c
