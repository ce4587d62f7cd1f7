// SPDX-License-Identifier: GPL-2.0-only
/*
 * sched_test.c - the round-robin policy of kernel/sched/rq.c (book/sched.nw)
 * on hand-made tasks.
 *
 * Each case plays the scheduler: it makes tasks runnable, lets the running
 * task yield, sleep or take ticks, and asks pick_next_task() who runs next,
 * as __schedule() does. The expected orders are worked out by hand from the
 * rule "first come, first served; who gives up the CPU goes to the back".
 * rq_check_invariants() (R1-R3) runs after every step.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include "tap.h"

#define NR_TEST_TASKS	5

static struct rq rq;
static struct task_struct idle, tasks[NR_TEST_TASKS];

/* A run queue with its idle task running and @n tasks that exist but sleep */
static void setup(int n)
{
	rq_init(&rq, 0);
	memset(&idle, 0, sizeof(idle));
	INIT_LIST_HEAD(&idle.rt.run_list);
	idle.flags = PF_IDLE;
	rq.curr = rq.idle = &idle;
	for (int i = 0; i < n; i++) {
		memset(&tasks[i], 0, sizeof(tasks[i]));
		INIT_LIST_HEAD(&tasks[i].rt.run_list);
		tasks[i].__state = TASK_INTERRUPTIBLE;
		tasks[i].pid = i + 1;
		tasks[i].rt.time_slice = RR_TIMESLICE;
	}
	rq_check_invariants(&rq);
}

/* wake_up_process() without the locks */
static void wake(struct task_struct *p)
{
	p->__state = TASK_RUNNING;
	if (!p->on_rq)
		enqueue_task(&rq, p);
	rq_check_invariants(&rq);
}

/* __schedule(): the running task yields (or sleeps); returns who runs next */
static struct task_struct *step(bool sleep)
{
	struct task_struct *prev = rq.curr;

	if (sleep) {
		prev->__state = TASK_INTERRUPTIBLE;
		dequeue_task(&rq, prev);
	}
	rq.curr = pick_next_task(&rq, prev);
	rq_check_invariants(&rq);
	return rq.curr;
}

static int pid_of(const struct task_struct *p)
{
	return p == &idle ? 0 : p->pid;
}

/*
 *   queue: (empty)   curr: idle
 *   wake 1, 2, 3     queue: 1 2 3
 *   idle yields   -> 1 runs, queue 2 3
 *   1 yields      -> 2 runs, queue 3 1
 *   2 yields      -> 3 runs, queue 1 2
 *
 * Expect the order of wake-ups, each yielder behind the others, and the
 * idle task never on the queue.
 */
static void pick_order_check(void)
{
	static const int want[] = { 1, 2, 3, 1, 2, 3, 1 };
	char got[32] = "", exp[32] = "";

	setup(3);
	for (int i = 0; i < 3; i++)
		wake(&tasks[i]);
	tap_eq(rq.nr_running, 3, "pick order: three runnable tasks counted");
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		size_t len = strlen(got);

		test_snprintf(got + len, sizeof(got) - len, "%d ", pid_of(step(false)));
		len = strlen(exp);
		test_snprintf(exp + len, sizeof(exp) - len, "%d ", want[i]);
	}
	tap_eq_str(got, exp, "pick order: first come first served, the yielder to the back");
	tap_ok(list_empty(&idle.rt.run_list) && !idle.on_rq,
	       "pick order: the idle task was never queued");
}

/*
 *   curr 1, queue 2 3
 *   1 sleeps      -> 2 runs, queue 3        (1 off the queue, not counted)
 *   wake 1        -> queue 3 1
 *   2 yields      -> 3 runs, queue 1 2
 *
 * Expect a sleeper never picked, and a woken task behind those already
 * waiting.
 */
static void sleep_and_wake_check(void)
{
	setup(3);
	for (int i = 0; i < 3; i++)
		wake(&tasks[i]);
	tap_eq(pid_of(step(false)), 1, "sleep: 1 runs first");
	tap_eq(pid_of(step(true)), 2, "sleep: 1 sleeps, 2 runs");
	tap_eq(rq.nr_running, 2, "sleep: a sleeper is not counted");
	tap_eq(pid_of(step(false)), 3, "sleep: 2 yields, 3 runs (1 is not picked)");
	tap_eq(pid_of(step(false)), 2, "sleep: 3 yields, 2 runs");
	wake(&tasks[0]);
	tap_eq(pid_of(step(false)), 3, "wake: 2 yields, 3 runs first: it was waiting");
	tap_eq(pid_of(step(false)), 1, "wake: then the woken 1");
	tap_eq(rq.nr_running, 3, "wake: counted again");
}

/*
 *   curr 1 asleep already woken (state set back before schedule())
 *
 * Expect a task whose wake-up came between setting its state and calling
 * schedule() to stay on the queue: nothing to enqueue, nothing lost.
 */
static void early_wake_check(void)
{
	setup(2);
	wake(&tasks[0]);
	wake(&tasks[1]);
	tap_eq(pid_of(step(false)), 1, "early wake: 1 runs");
	tasks[0].__state = TASK_INTERRUPTIBLE;	/* set_current_state() */
	wake(&tasks[0]);			/* before it called schedule() */
	tap_ok(tasks[0].on_rq && tasks[0].__state == TASK_RUNNING,
	       "early wake: 1 is still runnable, not queued twice");
	tap_eq(pid_of(step(false)), 2, "early wake: 1 yields, 2 runs");
	tap_eq(pid_of(step(false)), 1, "early wake: then 1 again");
}

/*
 *   five tasks, each yields at every turn, 10000 turns
 *   one of them sleeps for the middle 5000 turns
 *
 * Expect each of the five to run exactly 2000 times; with one asleep for
 * a stretch, the other four share that stretch exactly (1250 each), and
 * no task ever waits more than n - 1 turns between two of its runs.
 */
static void fairness_check(void)
{
	unsigned int runs[NR_TEST_TASKS] = { 0 }, last[NR_TEST_TASKS] = { 0 };
	unsigned int worst = 0;
	bool exact = true;

	setup(NR_TEST_TASKS);
	for (int i = 0; i < NR_TEST_TASKS; i++)
		wake(&tasks[i]);
	for (unsigned int turn = 1; turn <= 10000; turn++) {
		struct task_struct *p = step(false);
		int i = p->pid - 1;

		if (last[i])
			worst = max(worst, turn - last[i] - 1);
		last[i] = turn;
		runs[i]++;
	}
	for (int i = 0; i < NR_TEST_TASKS; i++)
		exact &= runs[i] == 2000;
	tap_ok(exact, "fairness: five yielding tasks run 2000 times each in 10000 turns");
	tap_eq(worst, NR_TEST_TASKS - 1, "fairness: at most n - 1 turns between two runs");

	while (rq.curr != &tasks[0])
		step(false);
	memset(runs, 0, sizeof(runs));
	runs[step(true)->pid - 1]++;		/* task 1 sleeps */
	for (unsigned int turn = 1; turn < 5000; turn++)
		runs[step(false)->pid - 1]++;
	exact = runs[0] == 0;
	for (int i = 1; i < NR_TEST_TASKS; i++)
		exact &= runs[i] == 1250;
	tap_ok(exact, "fairness: with 1 asleep, the other four run 1250 times each in 5000 turns");
}

/*
 *   curr 1, queue 2        ticks: RR_TIMESLICE per turn
 *   curr 1 alone           ticks: never a switch
 *   curr idle, queue empty / queue 1
 *
 * Expect a switch on exactly the RR_TIMESLICE-th tick when another task
 * waits, none when none does, a fresh slice after a switch, and the idle
 * task to give way at the first tick once anything is runnable.
 */
static void tick_check(void)
{
	unsigned int ticks = 0;
	bool switched = false;

	setup(2);
	tap_ok(!task_tick_rr(&rq, &idle), "tick: idle with nothing queued keeps the CPU");
	wake(&tasks[0]);
	tap_ok(task_tick_rr(&rq, &idle), "tick: idle gives way at once to a queued task");
	step(false);
	for (ticks = 0; ticks < 10 * RR_TIMESLICE; ticks++)
		switched |= task_tick_rr(&rq, rq.curr);
	tap_ok(!switched, "tick: a task alone is never asked to switch");
	wake(&tasks[1]);
	for (ticks = 1; !task_tick_rr(&rq, rq.curr); ticks++)
		;
	tap_eq(ticks, RR_TIMESLICE, "tick: a switch on the RR_TIMESLICE-th tick with another waiting");
	tap_eq(tasks[0].rt.time_slice, RR_TIMESLICE, "tick: the slice is fresh for the next turn");
	tap_eq(pid_of(step(false)), 2, "tick: the waiting task runs");
	for (ticks = 1; !task_tick_rr(&rq, rq.curr); ticks++)
		;
	tap_eq(ticks, RR_TIMESLICE, "tick: and gets a whole slice too");
}

/*
 *   curr 1, queue empty; 1 sleeps
 *
 * Expect the idle task when nothing is runnable, a task that yields alone
 * to run again, and the idle task to give way (not be queued) when a task
 * is woken.
 */
static void idle_check(void)
{
	setup(1);
	tap_ok(step(false) == &idle, "idle: runs when nothing is runnable");
	wake(&tasks[0]);
	tap_eq(pid_of(step(false)), 1, "idle: gives way to a woken task");
	tap_eq(pid_of(step(false)), 1, "idle: a task that yields alone runs again");
	tap_ok(step(true) == &idle && rq.nr_running == 0, "idle: back when the task sleeps");
}

int main(void)
{
	pick_order_check();
	sleep_and_wake_check();
	early_wake_check();
	fairness_check();
	tick_check();
	idle_check();
	return tap_done();
}
