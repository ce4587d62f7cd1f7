// SPDX-License-Identifier: GPL-2.0-only
/*
 * line_edit_test.c - the shell's line editor (lib/line_edit.c, from
 * book/shell.nw) as a pure function over key sequences.
 *
 * Keys are fed one at a time; the echo of each is played on a simulated
 * terminal of one line (printable bytes, CR, BS, BEL, ESC [ K, ESC [ n D,
 * ESC [ C), and after every key the terminal must show the prompt and the
 * line with its cursor at the editor's (E3); E1 and E2 are checked with
 * line_edit_check_invariants(). The expected lines are worked out by hand
 * from what bash's readline does with the same keys.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/line_edit.h>
#include "tap.h"

#define PROMPT	"$ "
#define UP	"\x1b[A"
#define DOWN	"\x1b[B"
#define RIGHT	"\x1b[C"
#define LEFT	"\x1b[D"

/* ---- a terminal of one line ---- */
static char screen[512];
static unsigned int col;
static bool term_bad;

static void term_play(const char *s, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\r') {
			col = 0;
		} else if (c == '\n') {
			memset(screen, 0, sizeof(screen));	/* a new line below */
		} else if (c == '\b') {
			col = col ? col - 1 : 0;
		} else if (c == '\a') {
			;
		} else if (c == KEY_ESC && i + 2 < n && s[i + 1] == '[') {
			unsigned int num = 0, j = i + 2;

			while (j < n && s[j] >= '0' && s[j] <= '9')
				num = num * 10 + s[j++] - '0';
			if (j == n)
				term_bad = true;
			else if (s[j] == 'K')
				memset(screen + col, 0, sizeof(screen) - col);
			else if (s[j] == 'D')
				col -= min(col, num ? num : 1);
			else if (s[j] == 'C')
				col += num ? num : 1;
			else
				term_bad = true;
			i = j;
		} else if (c >= ' ' && c < KEY_DEL && col < sizeof(screen) - 1) {
			screen[col++] = c;
		} else {
			term_bad = true;
		}
	}
}

/* E3: the screen shows the prompt and the line, the cursor where the editor's is */
static bool term_agrees(const struct line_edit *le)
{
	char want[512];
	unsigned int len = strlen(screen), want_len;

	/* blanks at the end look alike: "\b \b" leaves one where nothing is */
	want_len = test_snprintf(want, sizeof(want), "%s%s", PROMPT, le->line);
	while (len && screen[len - 1] == ' ')
		len--;
	while (want_len && want[want_len - 1] == ' ')
		want_len--;
	return !term_bad && len == want_len && !memcmp(screen, want, len) &&
	       col == strlen(PROMPT) + le->cursor;
}

static struct line_edit le;
static bool all_agree;
static bool say_first_break = true;	/* say where E3 broke first */

static void start(void)
{
	memset(screen, 0, sizeof(screen));
	col = 0;
	term_bad = false;
	line_edit_start(&le);
	term_play(le.out, le.out_len);
}

/* Feed @keys; the status of the last one. E1-E3 after every key. */
static enum line_edit_status type(const char *keys)
{
	enum line_edit_status st = LINE_EDIT_MORE;

	for (; *keys; keys++) {
		st = line_edit_key(&le, *keys);
		term_play(le.out, le.out_len);
		if (line_edit_check_invariants(&le) ||
		    (st == LINE_EDIT_MORE && !le.esc && !term_agrees(&le))) {
			if (all_agree && say_first_break)
				tap_diag("key %#x: line \"%s\" cursor %u, screen \"%s\" col %u%s", *keys,
					 le.line, le.cursor, screen, col, term_bad ? " (bad bytes)" : "");
			all_agree = false;
		}
	}
	return st;
}

/* Type @keys on a fresh line; expect @status and the line @want */
static void expect_line(const char *keys, enum line_edit_status status, const char *want,
			const char *what)
{
	enum line_edit_status st;

	all_agree = true;
	start();
	st = type(keys);
	tap_ok(st == status && !strcmp(le.line, want) && all_agree,
	       "%s: \"%s\"%s", what, le.line, all_agree ? "" : " (E1-E3 broken on the way)");
}

/*
 *   h e l p CR                   -> "help", echo "help" CR LF
 *   a b c LEFT LEFT BS CR        -> "bc"       (BS deletes before the cursor)
 *   a c LEFT b CR                -> "abc"      (insert in the middle)
 *   f o o SP b a r LEFT x3 ^U CR -> "bar"      (^U: to the start of the line)
 *   a b c ^A ^K CR               -> ""         (^K: to its end)
 *   a b c HOME DEL END d CR      -> "bcd"
 *   x y LEFT ^D CR               -> "x"        (^D: under the cursor)
 *   a b ^C                       -> cancelled, echo "^C"
 *   BS LEFT RIGHT on an empty line: nothing changes
 *
 * Expect each final line, and the terminal to agree after every key.
 */
static void editing_keys_check(void)
{
	expect_line("help\r", LINE_EDIT_DONE, "help", "typing");
	tap_ok(le.out_len == 2 && !memcmp(le.out, "\r\n", 2), "Enter echoes CR LF");
	expect_line("abc" LEFT LEFT "\x7f\r", LINE_EDIT_DONE, "bc", "backspace mid-line");
	expect_line("ac" LEFT "b\r", LINE_EDIT_DONE, "abc", "insert mid-line");
	expect_line("foo bar" LEFT LEFT LEFT "\x15\r", LINE_EDIT_DONE, "bar", "Ctrl-U");
	expect_line("abc\x01\x0b\r", LINE_EDIT_DONE, "", "Ctrl-A, Ctrl-K");
	expect_line("abc\x1b[H\x1b[3~\x1b[Fd\r", LINE_EDIT_DONE, "bcd", "Home, Delete, End");
	expect_line("xy" LEFT "\x04\r", LINE_EDIT_DONE, "x", "Ctrl-D");
	expect_line("ab\x03", LINE_EDIT_CANCEL, "ab", "Ctrl-C");
	tap_ok(le.out_len == 4 && !memcmp(le.out, "^C\r\n", 4), "Ctrl-C echoes ^C CR LF");
	expect_line("\x7f" LEFT RIGHT "\x08", LINE_EDIT_MORE, "", "keys with nothing to act on");
	expect_line("a\tb\x1b[Zc\r", LINE_EDIT_DONE, "abc", "Tab and an unknown sequence ignored");
}

/*
 *   "a" CR LF "b" LF             -> two lines "a" and "b": CR LF is one Enter,
 *                                   LF alone is Enter (a pipe, a script)
 */
static void enter_check(void)
{
	expect_line("a\r", LINE_EDIT_DONE, "a", "CR");
	all_agree = true;
	start();
	tap_ok(type("\n") == LINE_EDIT_MORE && !le.len, "the LF of CR LF is not a second Enter");
	tap_ok(type("b\n") == LINE_EDIT_DONE && !strcmp(le.line, "b"), "LF alone ends a line");
}

/*
 *   130 x 'x'                    -> 127 bytes kept, then the bell
 */
static void full_line_check(void)
{
	char keys[131];

	memset(keys, 'x', 130);
	keys[130] = '\0';
	all_agree = true;
	start();
	type(keys);
	tap_eq(le.len, LINE_EDIT_MAX - 1, "a full line keeps %d bytes", LINE_EDIT_MAX - 1);
	tap_ok(le.out_len == 1 && le.out[0] == '\a' && all_agree, "and rings at the next");
}

/*
 *   history: one, two, two (a repeat is kept once), then "dr" typed and
 *   UP -> "two"  UP -> "one"  UP -> "one" + bell  DOWN -> "two"  DOWN -> "dr"
 *   and ESC O A (the arrows of a terminal in application mode) -> "two"
 *
 * Expect bash's behaviour: the typed line comes back below the newest.
 */
static void history_check(void)
{
	line_edit_init(&le, PROMPT);
	expect_line("one\r", LINE_EDIT_DONE, "one", "history: one");
	expect_line("two\r", LINE_EDIT_DONE, "two", "history: two");
	expect_line("two\r", LINE_EDIT_DONE, "two", "history: two again");
	tap_eq(le.nr_history, 2, "a repeated line is remembered once");
	expect_line("dr" UP, LINE_EDIT_MORE, "two", "UP: the newest");
	type(UP);
	tap_eq_str(le.line, "one", "UP again: the one before");
	type(UP);
	tap_ok(!strcmp(le.line, "one") && le.out_len == 1 && le.out[0] == '\a',
	       "UP at the oldest: the line stays, the bell rings");
	type(DOWN);
	tap_eq_str(le.line, "two", "DOWN: the newer");
	type(DOWN);
	tap_eq_str(le.line, "dr", "DOWN past the newest: the typed line is back");
	tap_ok(all_agree, "the terminal agreed all along");
	expect_line("\x1bOA\r", LINE_EDIT_DONE, "two", "ESC O A is UP too");
	expect_line("tw" UP LEFT "x\r", LINE_EDIT_DONE, "twxo", "a recalled line is edited");
}

/*
 *   20 lines l0..l19, then UP x 17
 *
 * Expect the 16 newest (l4..l19) in the ring: the 16th UP shows l4, the
 * 17th rings.
 */
static void history_ring_check(void)
{
	char keys[8];

	line_edit_init(&le, PROMPT);
	for (int i = 0; i < 20; i++) {
		test_snprintf(keys, sizeof(keys), "l%d\r", i);
		expect_line(keys, LINE_EDIT_DONE, keys[2] == '\r' ? (char[]){ 'l', keys[1], 0 } :
			    (char[]){ 'l', keys[1], keys[2], 0 }, "ring");
	}
	all_agree = true;
	start();
	for (int i = 0; i < 16; i++)
		type(UP);
	tap_eq_str(le.line, "l4", "16 UPs reach the oldest kept, l4");
	type(UP);
	tap_ok(!strcmp(le.line, "l4") && le.out[0] == '\a' && all_agree, "a 17th rings");
}

/*
 * 20000 keys drawn from printable ones, the editing keys, the arrows
 * and stray escape bytes, with Enter now and then (seeded; TEST_SEED=
 * replays). Expect E1-E3 after every key.
 */
static void random_keys_check(void)
{
	static const char *const keys[] = {
		"a", "z", " ", "~", "\x7f", "\x08", "\x15", "\x0b", "\x01", "\x05", "\x04",
		UP, DOWN, LEFT, RIGHT, "\x1b[H", "\x1b[F", "\x1b[3~", "\x1b", "\x1b[", "\t",
		"\r", "\n", "\x03",
	};
	u64 seed = test_seed_from_env(10);

	test_srand(seed);
	line_edit_init(&le, PROMPT);
	all_agree = true;
	start();
	for (int i = 0; i < 20000; i++) {
		enum line_edit_status st = type(keys[test_rand() % ARRAY_SIZE(keys)]);

		if (st != LINE_EDIT_MORE)
			start();
	}
	tap_ok(all_agree, "20000 random keys: E1-E3 after each (seed %llu)",
	       (unsigned long long)seed);
}

int main(void)
{
	line_edit_init(&le, PROMPT);
	editing_keys_check();
	enter_check();
	full_line_check();
	history_check();
	history_ring_check();
	random_keys_check();
	return tap_done();
}
