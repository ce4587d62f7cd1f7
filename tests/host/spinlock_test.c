// SPDX-License-Identifier: GPL-2.0-only
/*
 * spinlock_test.c - the ticket lock of include/linux/spinlock.h, its
 * test-and-set under a hypervisor, and its CONFIG_DEBUG_SPINLOCK checks (book/smpboot.nw, "Spin locks" and
 * "Debugging locks"), on one host thread.
 *
 * The program supplies the two hooks the kernel's header leaves weak:
 * spin_bug() records each report instead of printing it, and
 * spin_current() returns whichever task the case says is running, so the
 * task checks (recursion, wrong owner) run as well as the CPU checks.
 * Each case says which report it expects, worked out from Linux's
 * kernel/locking/spinlock_debug.c; a case that expects none checks that
 * none came.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include "tap.h"

unsigned long spin_bug_count;
const char *spin_bug_last;
static void *running;		/* the task spin_current() reports */

void spin_bug(spinlock_t *lock, const char *msg)
{
	(void)lock;
	spin_bug_count++;
	spin_bug_last = msg;
}

void *spin_current(void)
{
	return running;
}

static int task_a, task_b;	/* two tasks: only their addresses matter */

/* One new report, of @kind, since @before */
static bool reported(unsigned long before, const char *kind)
{
	return spin_bug_count == before + 1 && spin_bug_last && !strcmp(spin_bug_last, kind);
}

/*
 *   free: next == owner      lock: next = owner + 1      unlock: owner = next
 *   [n=0 o=0]        ->      [n=1 o=0]          ->       [n=1 o=1]
 * Expect L1 at each step (next - owner is 1 while held, 0 when free), the
 * holder and owner fields set and cleared, and no report.
 */
static void spin_lock_ticket_check(void)
{
	DEFINE_SPINLOCK(lock);
	unsigned long n = spin_bug_count;

	running = &task_a;
	tap_eq(lock.next - lock.owner, 0, "ticket: a new lock is free");
	spin_lock(&lock);
	tap_eq((u16)(lock.next - lock.owner), 1, "ticket: one holder after spin_lock");
	tap_ok(lock.holder == 1 && lock.owner_cpu == 0 && lock.owner_task == &task_a,
	       "ticket: the holder's CPU and task are recorded");
	spin_unlock(&lock);
	tap_eq(lock.next - lock.owner, 0, "ticket: free again after spin_unlock");
	tap_ok(lock.holder == 0 && lock.owner_cpu == -1 && lock.owner_task == SPINLOCK_OWNER_INIT,
	       "ticket: no holder after spin_unlock");
	tap_eq(spin_bug_count, n, "ticket: a correct lock and unlock report nothing");
}

/*
 *   task A: spin_lock(L) ... spin_lock(L) again
 *                            ^ Expect "recursion" (the task is known), and
 *   with the task unknown:   ^ Expect "cpu recursion" (the CPU holds it)
 */
static void spin_lock_recursion_check(void)
{
	DEFINE_SPINLOCK(lock);
	unsigned long n = spin_bug_count;

	running = &task_a;
	spin_lock(&lock);
	debug_spin_lock_before(&lock);
	tap_ok(reported(n++, "recursion"), "recursion: the holding task takes it again");
	running = NULL;
	lock.owner_task = NULL;
	debug_spin_lock_before(&lock);
	tap_ok(reported(n++, "cpu recursion"), "recursion: the holding CPU takes it again");
	lock.owner_task = &task_a;
	running = &task_a;
	spin_unlock(&lock);
	tap_eq(spin_bug_count, n, "recursion: the real unlock reports nothing");
}

/*
 *   task A: spin_lock(L)     task B: spin_unlock(L)  Expect "wrong owner"
 *   CPU 0:  spin_lock(L)     CPU 1:  spin_unlock(L)  Expect "wrong CPU"
 *   nobody holds L:          spin_unlock(L)          Expect "already unlocked"
 */
static void spin_unlock_checks_check(void)
{
	DEFINE_SPINLOCK(lock);
	unsigned long n = spin_bug_count;

	running = &task_a;
	spin_lock(&lock);
	running = &task_b;
	debug_spin_unlock(&lock);
	tap_ok(reported(n++, "wrong owner"), "unlock: by another task");
	running = &task_a;
	lock.owner_task = &task_a;
	lock.owner_cpu = 1;
	debug_spin_unlock(&lock);
	tap_ok(reported(n++, "wrong CPU"), "unlock: on another CPU");
	lock.owner_task = &task_a;
	lock.owner_cpu = 0;
	spin_unlock(&lock);
	tap_eq(spin_bug_count, n, "unlock: the real unlock reports nothing");
	debug_spin_unlock(&lock);
	tap_ok(reported(n, "already unlocked"), "unlock: of a free lock");
}

/*
 *   L.magic = 0xdead4ead   a stray store ->  L.magic = 0x12345678
 *   Expect "bad magic" before taking and before releasing; a lock of
 *   zeroes (magic 0, never initialised) is valid and reports nothing.
 */
static void spin_lock_magic_check(void)
{
	DEFINE_SPINLOCK(lock);
	spinlock_t zeroes;
	unsigned long n = spin_bug_count;

	running = &task_a;
	lock.magic = 0x12345678;
	debug_spin_lock_before(&lock);
	tap_ok(reported(n++, "bad magic"), "magic: overwritten, before taking");
	debug_spin_unlock(&lock);
	tap_ok(reported(n++, "bad magic"), "magic: overwritten, before releasing");
	memset(&zeroes, 0, sizeof(zeroes));
	spin_lock(&zeroes);
	spin_unlock(&zeroes);
	tap_eq(spin_bug_count, n, "magic: a lock of zeroes is taken and released quietly");
}

/*
 *   a waiter spins: 1, 2, ..., SPIN_LOCKUP_SPINS - 1, SPIN_LOCKUP_SPINS, ...
 *   Expect one "lockup suspected", at SPIN_LOCKUP_SPINS turns exactly.
 */
static void spin_lock_lockup_check(void)
{
	DEFINE_SPINLOCK(lock);
	unsigned long n = spin_bug_count;

	debug_spin_lock_waited(&lock, 1);
	debug_spin_lock_waited(&lock, SPIN_LOCKUP_SPINS - 1);
	tap_eq(spin_bug_count, n, "lockup: a short wait is no lockup");
	debug_spin_lock_waited(&lock, SPIN_LOCKUP_SPINS);
	tap_ok(reported(n++, "lockup suspected"), "lockup: reported at SPIN_LOCKUP_SPINS turns");
	debug_spin_lock_waited(&lock, SPIN_LOCKUP_SPINS + 1);
	tap_eq(spin_bug_count, n, "lockup: reported once per wait");
}

/*
 *   free [n=5 o=5] --try--> [n=6 o=5] held: --try--> no change
 *   a ticket queued behind the holder [n=7 o=5]: --try--> no change
 *   both gone [n=7 o=7]: --try--> [n=8 o=7]; ticket wrap [n=0xffff o=0xffff] -> [n=0 o=0xffff]
 * Expect the test-and-set of a guest (virt_spin_trylock) to take a lock
 * only when it is free, leave L1 true (next - owner is 1 after it), never
 * jump a queued ticket, and work across the 16-bit wrap.
 */
static void spin_lock_virt_check(void)
{
	spinlock_t lock = { .next = 5, .owner = 5 };

	tap_ok(virt_spin_trylock(&lock), "virt: a free lock is taken");
	tap_ok(lock.next == 6 && lock.owner == 5, "virt: taking it draws one ticket (L1)");
	tap_ok(!virt_spin_trylock(&lock) && lock.next == 6, "virt: a held lock is not taken");
	lock.next = 7;
	tap_ok(!virt_spin_trylock(&lock) && lock.next == 7, "virt: nor one with a ticket queued");
	lock.owner = 7;
	tap_ok(virt_spin_trylock(&lock) && lock.next == 8 && lock.owner == 7,
	       "virt: taken once the queue has gone");
	lock.next = lock.owner = 0xffff;
	tap_ok(virt_spin_trylock(&lock) && lock.next == 0 && (u16)(lock.next - lock.owner) == 1,
	       "virt: taken across the wrap of the tickets");
}

int main(void)
{
	spin_lock_ticket_check();
	spin_lock_recursion_check();
	spin_unlock_checks_check();
	spin_lock_magic_check();
	spin_lock_lockup_check();
	spin_lock_virt_check();
	return tap_done();
}
