// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbtree_test.c - lib/rbtree.c (book/rbtree.nw) against a model.
 *
 * The model of a tree of distinct keys in [0, NKEYS) is an array of
 * flags. After every insert or erase the test checks R1-R3 and the parent
 * links (rb_check_invariants), the in-order walk both ways against the
 * model (R4), and in the augmented tree every node's maximum weight
 * against a brute-force recomputation over its subtree (A1).
 */
#include <linux/kernel.h>
#include <linux/rbtree_augmented.h>
#include <linux/string.h>
#include "tap.h"

#define NKEYS	512
#define STEPS	20000

struct item {
	struct rb_node rb;
	u64 key;
	u64 weight;
	u64 max_weight;		/* A1: max of weight over the subtree */
};

static u64 item_weight(const struct item *it)
{
	return it->weight;
}

RB_DECLARE_CALLBACKS_MAX(static, item_cb, struct item, rb, u64, max_weight, item_weight);

static struct item items[NKEYS];
static bool present[NKEYS];

/* The link where @key belongs, and its parent */
static struct rb_node **find_link(struct rb_root *root, u64 key, struct rb_node **parent)
{
	struct rb_node **link = &root->rb_node;

	*parent = NULL;
	while (*link) {
		struct item *it = rb_entry(*link, struct item, rb);

		*parent = *link;
		link = key < it->key ? &(*link)->rb_left : &(*link)->rb_right;
	}
	return link;
}

static void insert(struct rb_root *root, struct item *it, bool augmented)
{
	struct rb_node *parent;
	struct rb_node **link = find_link(root, it->key, &parent);

	rb_link_node(&it->rb, parent, link);
	if (!augmented) {
		rb_insert_color(&it->rb, root);
		return;
	}
	it->max_weight = 0;	/* neutral while the tree rotates */
	rb_insert_augmented(&it->rb, root, &item_cb);
	item_cb.propagate(&it->rb, NULL);
}

static int height(const struct rb_node *n)
{
	return n ? 1 + max(height(n->rb_left), height(n->rb_right)) : 0;
}

/* A1, by brute force: returns the subtree's true maximum; counts mismatches */
static u64 check_max(const struct rb_node *n, int *bad)
{
	const struct item *it;
	u64 m;

	if (!n)
		return 0;
	it = rb_entry(n, struct item, rb);
	m = max(it->weight, max(check_max(n->rb_left, bad), check_max(n->rb_right, bad)));
	if (m != it->max_weight)
		(*bad)++;
	return m;
}

/* R1-R4 (and A1 if @augmented) against the model; true if all hold */
static bool tree_matches_model(struct rb_root *root, bool augmented, const char **why)
{
	struct rb_node *n;
	int k, bad = 0;

	if (rb_check_invariants(root, why) < 0)
		return false;
	*why = "R4: forward walk differs from the model";
	n = rb_first(root);
	for (k = 0; k < NKEYS; k++) {
		if (!present[k])
			continue;
		if (!n || rb_entry(n, struct item, rb)->key != (u64)k)
			return false;
		n = rb_next(n);
	}
	if (n)
		return false;
	*why = "R4: backward walk differs from the model";
	n = rb_last(root);
	for (k = NKEYS - 1; k >= 0; k--) {
		if (!present[k])
			continue;
		if (!n || rb_entry(n, struct item, rb)->key != (u64)k)
			return false;
		n = rb_prev(n);
	}
	if (n)
		return false;
	*why = "A1: a subtree maximum is wrong";
	if (augmented)
		check_max(root->rb_node, &bad);
	return bad == 0;
}

/*
 * Insert 1, 2, ..., 1023 in ascending order:
 *
 *   plain BST:  1                    red-black:      512
 *                \                                 /     \
 *                 2                             256       768
 *                  \                            ...       ...
 *                   ... (1023 deep)
 *
 * Expect R1-R3 after every insert and a height of at most 2 log2(n + 1) = 20.
 */
static void ascending_inserts_stay_balanced_check(void)
{
	struct rb_root root = RB_ROOT;
	static struct item seq[1023];
	const char *why = "";
	bool ok = true;

	for (unsigned i = 0; i < ARRAY_SIZE(seq); i++) {
		seq[i].key = i + 1;
		insert(&root, &seq[i], false);
		if (rb_check_invariants(&root, &why) < 0)
			ok = false;
	}
	tap_ok(ok, "ascending inserts keep R1-R3 (%s)", ok ? "ok" : why);
	tap_ok(height(root.rb_node) <= 20, "height %d <= 2 log2(1024) = 20", height(root.rb_node));
	/* R3 puts 2^(b-1) - 1 <= n nodes under a root of black height b; R2 makes h <= 2(b-1) */
	tap_ok(rb_check_invariants(&root, &why) >= 6 && rb_check_invariants(&root, &why) <= 11,
	       "black height %d in [6, 11] for 1023 nodes", rb_check_invariants(&root, &why));
}

/*
 * Random inserts and erases of keys in [0, 512), the model beside:
 *
 *   model:  [0 1 1 0 1 ...]      tree: the keys whose flag is 1
 *
 * Expect the tree to equal the model and keep R1-R4 (and A1 for the
 * augmented tree) after every one of 20000 steps, and an empty tree after
 * erasing every key.
 */
static void random_against_model_check(bool augmented)
{
	struct rb_root root = RB_ROOT;
	const char *why = "";
	int step, bad_step = -1, ops[2] = { 0, 0 };

	memset(present, 0, sizeof(present));
	for (step = 0; step < STEPS + NKEYS && bad_step < 0; step++) {
		u64 k = step < STEPS ? test_rand() % NKEYS : (u64)(step - STEPS);

		if (step >= STEPS && !present[k])
			continue;
		if (!present[k]) {
			items[k].key = k;
			items[k].weight = test_rand() % 100000;
			insert(&root, &items[k], augmented);
		} else if (augmented) {
			rb_erase_augmented(&items[k].rb, &root, &item_cb);
		} else {
			rb_erase(&items[k].rb, &root);
		}
		ops[present[k]]++;
		present[k] = !present[k];
		if (!tree_matches_model(&root, augmented, &why))
			bad_step = step;
	}
	tap_ok(bad_step < 0, "%s tree: %d inserts, %d erases, all steps match the model%s%s",
	       augmented ? "augmented" : "plain", ops[0], ops[1],
	       bad_step < 0 ? "" : "; broken: ", bad_step < 0 ? "" : why);
	tap_ok(RB_EMPTY_ROOT(&root), "%s tree is empty after erasing every key",
	       augmented ? "augmented" : "plain");
}

/*
 * An augmented tree where one node is heavy, then erased:
 *
 *   weights  5 9 [1000] 3 7    ->   5 9 3 7
 *   root's max_weight 1000     ->   9
 *
 * Expect the root's summary to follow the erase.
 */
static void erase_updates_maximum_check(void)
{
	static const u64 w[] = { 5, 9, 1000, 3, 7 };
	struct rb_root root = RB_ROOT;
	static struct item five[5];

	for (unsigned i = 0; i < ARRAY_SIZE(w); i++) {
		five[i].key = i;
		five[i].weight = w[i];
		insert(&root, &five[i], true);
	}
	tap_eq(rb_entry(root.rb_node, struct item, rb)->max_weight, 1000, "root summary with the heavy node");
	rb_erase_augmented(&five[2].rb, &root, &item_cb);
	tap_eq(rb_entry(root.rb_node, struct item, rb)->max_weight, 9, "root summary after erasing it");
}

int main(void)
{
	test_srand(test_seed_from_env(20261207));
	ascending_inserts_stay_balanced_check();
	random_against_model_check(false);
	random_against_model_check(true);
	erase_updates_maximum_check();
	return tap_done();
}
