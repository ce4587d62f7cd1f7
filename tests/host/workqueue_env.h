/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * workqueue_env.h - what mm/slab.c needs from the tick, the scheduler and
 * the work queues (kernel/time/tick.c, kernel/sched/core.c,
 * kernel/workqueue.c), for programs that run it on the host: a jiffies
 * counter the program advances itself, and a work queue that accepts
 * works and never runs them (the programs call cache_reap() by hand),
 * and cross-CPU calls that run on the one CPU there is.
 * Include it in one file of the program.
 */
#ifndef WORKQUEUE_ENV_H
#define WORKQUEUE_ENV_H

#include <linux/jiffies.h>
#include <linux/workqueue.h>
#include <linux/smp.h>

#define HOST_REAP_PERIOD	(2 * HZ)	/* mm/slab.c REAPTIMEOUT_AC */

__weak unsigned long volatile jiffies = INITIAL_JIFFIES;
static struct workqueue_struct host_system_wq = { .name = "events" };
__weak struct workqueue_struct *system_wq = &host_system_wq;
__weak unsigned long host_works_queued;	/* queue_delayed_work_on() calls accepted */

__weak void yield(void)
{
	jiffies++;		/* a busy wait on the host sees time pass */
}

__weak unsigned long __round_jiffies_relative(unsigned long j, int cpu)
{
	(void)cpu;
	return j;
}

__weak unsigned long round_jiffies_relative(unsigned long j)
{
	return j;
}

__weak bool workqueue_cpu_runs_tasks(int cpu)
{
	return cpu == 0;
}

__weak bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
				  struct delayed_work *dwork, unsigned long delay)
{
	(void)cpu, (void)wq, (void)delay;
	if (work_pending(&dwork->work))
		return false;
	dwork->work.data |= BIT(WORK_STRUCT_PENDING_BIT);
	host_works_queued++;
	return true;
}

/* kernel/smp.c: one CPU, so every CPU's share runs here and now */
__weak unsigned long host_cross_cpu_calls;	/* on_each_cpu() calls made */
__weak void on_each_cpu_cond_mask(smp_cond_func_t cond_func, smp_call_func_t func,
				  void *info, bool wait, const struct cpumask *mask)
{
	(void)wait;
	host_cross_cpu_calls++;
	if (cpumask_test_cpu(0, mask) && (!cond_func || cond_func(0, info)))
		func(info);
}

/* kernel/smp.c: a call to CPU 0 runs here and now; there is no other CPU */
__weak int smp_call_function_single(int cpu, smp_call_func_t func, void *info, int wait)
{
	(void)wait;
	if (cpu != 0)
		return -ENXIO;
	host_cross_cpu_calls++;
	func(info);
	return 0;
}

#endif
