/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kthread_env.h - what mm/mm_init.c and kernel/padata.c need from the
 * scheduler (kernel/fork.c, kernel/sched/core.c), for programs that run
 * them on the host, where there is one thread: a kernel thread is created
 * asleep and runs its whole function when it is woken, and a completion
 * is a count that a wait must find above zero (it would sleep for ever
 * otherwise, and the program stops with that message). The program itself
 * is a task that may run on CPU 0.
 * Include it in one file of the program.
 */
#ifndef KTHREAD_ENV_H
#define KTHREAD_ENV_H

#include <linux/sched.h>
#include <linux/sprintf.h>
#include <linux/stdarg.h>
#include "tap.h"

#define HOST_KTHREADS	64	/* threads one program may create */

struct host_kthread {
	struct task_struct task;
	int (*fn)(void *data);
	void *data;
};
static struct host_kthread host_kthreads[HOST_KTHREADS];

/* The task that runs the program, on CPU 0; kernel/printk/printk.c's if linked */
static struct task_struct host_caller = { .comm = "host", .cpus_mask = { 1 } };
__weak DEFINE_PER_CPU(struct task_struct *, current_task) = &host_caller;
__weak unsigned int host_kthreads_made, host_kthreads_run;

__weak struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data,
						  int node, const char *namefmt, ...)
{
	struct host_kthread *k;
	va_list args;

	(void)node;
	if (host_kthreads_made == HOST_KTHREADS)
		test_abort("kthread_env.h: too many kernel threads");
	k = &host_kthreads[host_kthreads_made++];
	memset(k, 0, sizeof(*k));
	k->fn = threadfn;
	k->data = data;
	va_start(args, namefmt);
	vscnprintf(k->task.comm, sizeof(k->task.comm), namefmt, args);
	va_end(args);
	return &k->task;
}

__weak void kthread_bind(struct task_struct *p, unsigned int cpu)
{
	p->cpus_mask = (struct cpumask){ BIT(cpu) };
	p->cpu = cpu;
}

__weak void do_set_cpus_allowed(struct task_struct *p, const struct cpumask *new_mask)
{
	p->cpus_mask = *new_mask;
}

__weak struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
						 unsigned int cpu, const char *namefmt)
{
	struct task_struct *p = kthread_create_on_node(threadfn, data, 0, namefmt, cpu);

	kthread_bind(p, cpu);
	return p;
}

__weak int wake_up_process(struct task_struct *p)
{
	struct host_kthread *k = container_of(p, struct host_kthread, task);

	if (!k->fn)
		return 0;		/* ran already */
	host_kthreads_run++;
	k->fn(k->data);
	k->fn = NULL;
	return 1;
}

__weak void complete(struct completion *x)
{
	x->done++;
}

__weak void wait_for_completion(struct completion *x)
{
	if (!x->done)
		test_abort("kthread_env.h: wait_for_completion() would sleep for ever");
	x->done--;
}

__weak void cond_resched(void)
{
}

#endif
