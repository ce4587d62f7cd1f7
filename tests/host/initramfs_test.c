// SPDX-License-Identifier: GPL-2.0-only
/*
 * initramfs_test.c - the newc parser (init/initramfs.c) and the RAM file
 * system (fs/ramfs/inode.c) of book/initramfs.nw, on archives built here
 * byte by byte.
 *
 * Each case builds an archive with arc_*(), unpacks it into an empty file
 * system, and compares the message with Linux's words for that fault
 * (init/initramfs.c in v6.1, and what Debian's Linux 6.1 printed for the
 * same bytes where the chapter quotes it), then the tree that remains.
 * R1-R5 are checked after every unpack; ramfs_reset() frees every node,
 * so ASan's leak check sees a leak in the file system as one.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <linux/initrd.h>
#include <linux/ramfs.h>
#include "tap.h"
#include "capture.h"

#define S_IFCHR		0020000

/* The file system's memory, from the C library */
void *ramfs_alloc(unsigned long size)
{
	return test_alloc(size);
}

void ramfs_free(void *p, unsigned long size)
{
	(void)size;
	test_free(p);
}

/* ---- building archives ---- */
static char arc[SZ_64K];
static unsigned long arc_len;

static void arc_bytes(const void *p, unsigned long n)
{
	if (n)
		memcpy(arc + arc_len, p, n);
	arc_len += n;
}

static void arc_pad(void)
{
	while (arc_len % CPIO_ALIGN)
		arc[arc_len++] = '\0';
}

/* One entry with @magic; @namesize 0 means strlen(@name) + 1 */
static void arc_entry_raw(const char *magic, u32 mode, const char *name, u32 namesize,
			  const char *data, u32 size, u32 check)
{
	char h[CPIO_HEADER_LEN + 1];
	u32 f[13] = { 1, mode, 0, 0, 1, 0, size, 0, 0, 0, 0,
		      namesize ? namesize : (u32)strlen(name) + 1, check };

	memcpy(h, magic, 6);
	for (int i = 0; i < 13; i++)
		test_snprintf(h + 6 + i * 8, 9, "%08X", f[i]);
	arc_bytes(h, CPIO_HEADER_LEN);
	arc_bytes(name, f[11]);
	arc_pad();
	arc_bytes(data, size);
	arc_pad();
}

static void arc_entry(u32 mode, const char *name, const char *data)
{
	arc_entry_raw("070701", mode, name, 0, data, data ? strlen(data) : 0, 0);
}

/* A regular file's entry as the name of file @ino, of @nlink names, on device @major:0 */
static void arc_link(const char *name, u32 ino, u32 nlink, u32 major, const char *data)
{
	unsigned long h = arc_len;
	char field[CPIO_FIELD_LEN + 1];

	arc_entry(S_IFREG | 0644, name, data);
	test_snprintf(field, sizeof(field), "%08X", ino);
	memcpy(arc + h + 6, field, CPIO_FIELD_LEN);			/* c_ino */
	test_snprintf(field, sizeof(field), "%08X", nlink);
	memcpy(arc + h + 6 + 4 * CPIO_FIELD_LEN, field, CPIO_FIELD_LEN);	/* c_nlink */
	test_snprintf(field, sizeof(field), "%08X", major);
	memcpy(arc + h + 6 + 7 * CPIO_FIELD_LEN, field, CPIO_FIELD_LEN);	/* c_devmajor */
}

static void arc_trailer(void)
{
	arc_entry(0, "TRAILER!!!", NULL);
}

static void arc_start(void)
{
	arc_len = 0;
	memset(arc, 0, sizeof(arc));
	ramfs_reset();
	capture_clear();
}

/* Unpack what was built; check R1-R4; compare the message */
static void unpack_expect(const char *want, const char *what)
{
	const char *got = unpack_to_rootfs(arc, arc_len);
	const char *bad = ramfs_check_invariants();

	tap_eq_str(got ? got : "(none)", want ? want : "(none)", "%s: message", what);
	tap_ok(!bad, "%s: R1-R5 hold%s%s", what, bad ? ": " : "", bad ? bad : "");
}

static bool file_is(const char *path, const char *contents)
{
	struct ramfs_node *n = ramfs_lookup(path);

	return n && S_ISREG(n->mode) && n->size == strlen(contents) &&
	       (!n->size || !memcmp(n->data, contents, n->size));
}

/*
 *   [ TRAILER!!! ] NUL...
 *
 * Expect an empty archive to unpack without a word and create nothing.
 */
static void unpack_empty_check(void)
{
	arc_start();
	arc_trailer();
	arc_len = 512;
	unpack_expect(NULL, "empty archive");
	tap_eq(ramfs_count(), 0, "empty archive: no nodes");
	tap_ok(ramfs_lookup("") == &ramfs_root && ramfs_lookup("/") == &ramfs_root,
	       "\"\" and \"/\" are the root");
}

/*
 *   ./ etc/ etc/motd="hello\n" bin/ bin/sh@busybox bin/busybox="#!" usr/ usr//lib/
 *
 * Expect every entry in the tree ("." and "//" ignored in names), the link
 * kept as a link with its target, children in name order.
 */
static void unpack_tree_check(void)
{
	struct ramfs_node *bin, *sh;

	arc_start();
	arc_entry(S_IFDIR | 0755, ".", NULL);
	arc_entry(S_IFDIR | 0755, "etc", NULL);
	arc_entry(S_IFREG | 0644, "etc/motd", "hello\n");
	arc_entry(S_IFDIR | 0755, "bin", NULL);
	arc_entry(S_IFLNK | 0777, "bin/sh", "busybox");
	arc_entry(S_IFREG | 0755, "./bin/busybox", "#!");
	arc_entry(S_IFDIR | 0755, "usr", NULL);
	arc_entry(S_IFDIR | 0755, "usr//lib", NULL);
	arc_trailer();
	unpack_expect(NULL, "tree");
	tap_eq(ramfs_count(), 7, "tree: 7 nodes");
	tap_ok(file_is("/etc/motd", "hello\n") && file_is("etc/./motd", "hello\n"),
	       "tree: etc/motd holds its bytes, by either path");
	sh = ramfs_lookup("bin/sh");
	tap_ok(sh && S_ISLNK(sh->mode) && sh->size == 7 && !memcmp(sh->data, "busybox", 7),
	       "tree: bin/sh is a link to busybox");
	bin = ramfs_lookup("bin");
	tap_ok(bin && bin->child && !strcmp(bin->child->name, "busybox") &&
	       bin->child->sibling == sh, "tree: bin lists busybox before sh");
	tap_ok(ramfs_lookup("usr/lib") && !ramfs_lookup("etc/motd/x") && !ramfs_lookup("etc/../etc"),
	       "tree: usr/lib found; a file is no directory; .. is refused");
	tap_eq((ramfs_lookup("bin/busybox")->mode & 0777), 0755, "tree: modes kept");
}

/*
 *   [ a="1" TRAILER ] NUL x 4 [ b="2" TRAILER ] NUL x 512;  a="1" cut after "1"
 *
 * Expect both archives unpacked: concatenation with aligned NUL padding
 * is allowed (C2); an archive may end without its last padding.
 */
static void unpack_concatenated_check(void)
{
	arc_start();
	arc_entry(S_IFREG | 0644, "a", "1");
	arc_trailer();
	arc_len += 4;
	arc_entry(S_IFREG | 0644, "b", "2");
	arc_trailer();
	arc_len += 512;
	unpack_expect(NULL, "two archives");
	tap_ok(file_is("a", "1") && file_is("b", "2"), "two archives: both files");
	arc_start();
	arc_entry(S_IFREG | 0644, "a", "1");
	arc_len -= 3;		/* the data's padding cut off */
	unpack_expect(NULL, "an archive ending without padding");
	tap_ok(file_is("a", "1"), "an archive ending without padding: the file");
}

/*
 *   a="1" NUL x 8 b="2" NUL x 2 c="3"
 *
 * Expect NULs between entries accepted while the next header is aligned
 * (Linux's reader skips them after every entry), and Linux's "broken
 * padding" once it is not, with a and b kept.
 */
static void unpack_padding_between_entries_check(void)
{
	arc_start();
	arc_entry(S_IFREG | 0644, "a", "1");
	arc_len += 8;
	arc_entry(S_IFREG | 0644, "b", "2");
	arc_len += 2;
	arc_entry(S_IFREG | 0644, "c", "3");
	unpack_expect("broken padding", "NULs between entries");
	tap_ok(file_is("a", "1") && file_is("b", "2") && !ramfs_lookup("c"),
	       "NULs between entries: a and b unpacked, c after the misaligned NULs not");
}

/*
 *   070702 x="abc" check=0x126 | 070702 y="abc" check=0x127
 *
 * Expect the first accepted (97+98+99 = 0x126), the second refused with
 * Linux's "bad data checksum", after x is in place.
 */
static void unpack_checksum_check(void)
{
	arc_start();
	arc_entry_raw("070702", S_IFREG | 0644, "x", 0, "abc", 3, 0x126);
	arc_trailer();
	unpack_expect(NULL, "good checksum");
	arc_start();
	arc_entry_raw("070702", S_IFREG | 0644, "x", 0, "abc", 3, 0x126);
	arc_entry_raw("070702", S_IFREG | 0644, "y", 0, "abc", 3, 0x127);
	arc_trailer();
	unpack_expect("bad data checksum", "bad checksum");
	tap_ok(file_is("x", "abc") && !ramfs_lookup("y"), "bad checksum: x kept, y not created");
}

/*
 * Expect each broken archive to give Linux's message for its fault, and
 * the entries before the fault to stay (Linux keeps them too):
 *
 *   "070707..."                       the old odc format
 *   "0123456789..."                   a '0' that starts no header
 *   "garbage"                         not an archive at all
 *   a="1" + 60 bytes of a header      a header cut short
 *   a="1" + namesize past the end     a name running out of the buffer
 *   a="1" + filesize past the end     data running out of the buffer
 *   name "bad" with namesize 3        a name without its NUL
 *   mode "0000XYZ1"                   a field that is not hexadecimal
 *   TRAILER NUL NUL "0707..."         an archive at an unaligned offset
 *   TRAILER "JUNK"                    junk after the trailer
 */
static void unpack_malformed_check(void)
{
	static const char odc[] = "070707000000000000000000000000";
	unsigned long h;

	arc_start();
	arc_bytes(odc, sizeof(odc));
	unpack_expect("incorrect cpio method used: use -H newc option", "odc magic");

	arc_start();
	arc_bytes("0123456789", 10);
	arc_len = CPIO_HEADER_LEN + 20;
	unpack_expect("no cpio magic", "no magic");

	arc_start();
	arc_bytes("garbage", 7);
	unpack_expect("invalid magic at start of compressed archive", "garbage");

	arc_start();
	arc_entry(S_IFREG | 0644, "a", "1");
	arc_entry(S_IFREG | 0644, "b", "2");
	arc_len -= 60;
	unpack_expect("malformed archive", "header cut short");
	tap_ok(file_is("a", "1"), "header cut short: the entry before it stays");

	arc_start();
	arc_entry(S_IFREG | 0644, "a", "1");
	h = arc_len;
	arc_entry_raw("070701", S_IFREG | 0644, "b", 2, "", 0, 0);
	memcpy(arc + h + 6 + 11 * 8, "00010000", 8);	/* namesize: 64 KiB */
	unpack_expect("malformed archive", "name past the end");

	arc_start();
	arc_entry_raw("070701", S_IFREG | 0644, "big", 0, "x", 1, 0);
	memcpy(arc + 6 + 6 * 8, "00100000", 8);		/* filesize: 1 MiB */
	unpack_expect("malformed archive", "data past the end");
	tap_ok(!ramfs_lookup("big"), "data past the end: no file created");

	arc_start();
	arc_entry_raw("070701", S_IFREG | 0644, "bad", 3, "x", 1, 0);
	arc_trailer();
	unpack_expect("malformed archive", "name without NUL");
	tap_ok(logged("initramfs name without nulterm: bad"), "name without NUL: Linux's pr_err line");

	arc_start();
	arc_entry(S_IFREG | 0644, "m", "1");
	memcpy(arc + 6 + 8, "0000XYZ1", 8);
	unpack_expect("malformed archive", "non-hex field");

	arc_start();
	arc_trailer();
	arc_len += 2;
	arc_entry(S_IFREG | 0644, "late", "1");
	unpack_expect("broken padding", "unaligned second archive");

	arc_start();
	arc_trailer();
	arc_bytes("JUNK", 4);
	unpack_expect("invalid magic at start of compressed archive", "junk after the trailer");
}

/*
 *   d/  c=char device  d="file"  x/y="no parent"  f="1"  f="22"  ../up="1"
 *   (namesize 0)  g="ok"
 *
 * Expect no message: each odd entry is skipped as Linux skips it (a
 * device this file system cannot hold, a file where a directory is, a
 * missing parent, "..", an empty name), a repeated file takes the later
 * contents, and the entries after them are still unpacked.
 */
static void unpack_refused_entries_check(void)
{
	unsigned long h;

	arc_start();
	arc_entry(S_IFDIR | 0755, "d", NULL);
	arc_entry(S_IFCHR | 0600, "c", NULL);
	arc_entry(S_IFREG | 0644, "d", "file");
	arc_entry(S_IFREG | 0644, "x/y", "no parent");
	arc_entry(S_IFREG | 0644, "f", "1");
	arc_entry(S_IFREG | 0644, "f", "22");
	arc_entry(S_IFREG | 0644, "../up", "1");
	h = arc_len;
	arc_entry_raw("070701", S_IFREG | 0644, "", 0, "zz", 2, 0);
	memcpy(arc + h + 6 + 11 * 8, "00000000", 8);	/* namesize 0 */
	arc_entry(S_IFREG | 0644, "g", "ok");
	arc_trailer();
	unpack_expect(NULL, "odd entries");
	tap_ok(S_ISDIR(ramfs_lookup("d")->mode), "odd entries: d stays a directory");
	tap_ok(!ramfs_lookup("c") && !ramfs_lookup("x") && !ramfs_lookup("up"),
	       "odd entries: no device, no x/y, nothing above the root");
	tap_ok(file_is("f", "22") && file_is("g", "ok"), "odd entries: f rewritten, g after them");
	tap_eq(ramfs_count(), 3, "odd entries: d, f and g only");
}

/*
 *   a (ino 7, 3 names, no data)  d/  d/b (ino 7)  c (ino 7, "shared\n")
 *   x (ino 7, nlink 1, "one")    y (ino 9, nlink 2)  z (ino 9, device 8:0, "other")
 *   TRAILER!!!   w (ino 7, nlink 2, "new")   TRAILER!!!
 *
 * Expect a, d/b and c to be one file, as GNU cpio writes a hard-linked
 * file (the data with the last name): the same contents in all three,
 * one copy of them on one ring (R5). x has one name: its own file, ino
 * or not. y and z have the same inode on different devices: two files.
 * After the trailer, ino 7 is a new file (Linux empties its table), so w
 * does not overwrite a. ASan sees the shared copy freed once at reset.
 */
static void unpack_hard_links_check(void)
{
	struct ramfs_node *a, *b, *c, *w;

	arc_start();
	arc_link("a", 7, 3, 0, NULL);
	arc_entry(S_IFDIR | 0755, "d", NULL);
	arc_link("d/b", 7, 3, 0, NULL);
	arc_link("c", 7, 3, 0, "shared\n");
	arc_link("x", 7, 1, 0, "one");
	arc_link("y", 9, 2, 0, NULL);
	arc_link("z", 9, 2, 8, "other");
	arc_trailer();
	arc_link("w", 7, 2, 0, "new");
	arc_trailer();
	unpack_expect(NULL, "hard links");
	a = ramfs_lookup("a"), b = ramfs_lookup("d/b"), c = ramfs_lookup("c");
	w = ramfs_lookup("w");
	tap_ok(file_is("a", "shared\n") && file_is("d/b", "shared\n") && file_is("c", "shared\n"),
	       "hard links: the last name's data is every name's");
	tap_ok(a && b && c && a->data == b->data && b->data == c->data,
	       "hard links: one copy of the contents");
	tap_ok(a && b && c && a->link && a->link->link && a->link->link->link == a &&
	       (a->link == b || a->link == c) && a->link != a->link->link,
	       "hard links: a, d/b and c on one ring of three");
	tap_ok(file_is("x", "one") && !ramfs_lookup("x")->link && a && ramfs_lookup("x")->data != a->data,
	       "hard links: nlink 1 is a file of its own");
	tap_ok(file_is("y", "") && file_is("z", "other") && !ramfs_lookup("y")->link,
	       "hard links: the same inode on another device is another file");
	tap_ok(file_is("w", "new") && w && !w->link, "hard links: a trailer forgets the inodes");
	tap_eq(ramfs_count(), 8, "hard links: a, c, d, d/b, w, x, y, z");
}

/*
 *   ramfs_link(): f -> g; f -> existing file h; d (a directory) -> e;
 *   f -> directory d; write through g; g made a symbolic link
 *
 * Expect a new name on the ring, an existing file replaced by the link,
 * -EPERM for a directory, -EEXIST for a name that is a directory, and
 * contents written through one name seen through the others, and a
 * name that becomes a symbolic link leaving the file to the others (the
 * fuzz target found R5 broken there).
 */
static void ramfs_link_check(void)
{
	ramfs_reset();
	tap_ok(!ramfs_create("f", S_IFREG | 0644, "1", 1) && !ramfs_create("h", S_IFREG | 0600, "2", 1) &&
	       !ramfs_create("d", S_IFDIR | 0755, NULL, 0), "link: f, h and d");
	tap_eq(ramfs_link("f", "g"), 0, "link: f to g");
	tap_eq(ramfs_link("f", "h"), 0, "link: f over the file h");
	tap_ok(file_is("h", "1") && ramfs_lookup("h")->mode == (S_IFREG | 0644),
	       "link: h is f's file now");
	tap_eq(ramfs_link("d", "e"), (u64)-EPERM, "link: a directory: -EPERM");
	tap_eq(ramfs_link("f", "d"), (u64)-EEXIST, "link: onto a directory: -EEXIST");
	tap_eq(ramfs_link("nothing", "n"), (u64)-ENOENT, "link: no such file: -ENOENT");
	tap_eq(ramfs_create("g", S_IFREG | 0644, "three", 5), 0, "link: rewrite g");
	tap_ok(file_is("f", "three") && file_is("h", "three"), "link: f and h see it");
	tap_eq(ramfs_create("g", S_IFLNK | 0777, "f", 1), 0, "link: g becomes a symbolic link");
	tap_ok(file_is("f", "three") && file_is("h", "three") && ramfs_lookup("f")->link &&
	       ramfs_lookup("f")->link->link == ramfs_lookup("f") && !ramfs_lookup("g")->link,
	       "link: g left the ring; f and h keep the file");
	tap_ok(!ramfs_check_invariants(), "link: R1-R5 hold");
	tap_eq(ramfs_count(), 4, "link: d, f, g, h");
	ramfs_reset();
}

/*
 *   ramfs_create("a/b", ...) with no "a"; names of 255 and 256 bytes
 *
 * Expect -ENOENT for the missing parent, a 255-byte name accepted and a
 * 256-byte one refused with -EINVAL (R2), and a directory where a file
 * is refused with -EEXIST.
 */
static void ramfs_create_errors_check(void)
{
	char name[RAMFS_NAME_MAX + 2];

	ramfs_reset();
	tap_eq(ramfs_create("a/b", S_IFREG | 0644, "x", 1), (u64)-ENOENT, "missing parent: -ENOENT");
	memset(name, 'n', sizeof(name));
	name[RAMFS_NAME_MAX] = '\0';
	tap_eq(ramfs_create(name, S_IFREG | 0644, "x", 1), 0, "a 255-byte name is accepted");
	name[RAMFS_NAME_MAX] = 'n';
	name[RAMFS_NAME_MAX + 1] = '\0';
	tap_eq(ramfs_create(name, S_IFREG | 0644, "x", 1), (u64)-EINVAL, "a 256-byte name: -EINVAL");
	tap_eq(ramfs_create("f", S_IFREG | 0644, "x", 1), 0, "file f");
	tap_eq(ramfs_create("f", S_IFDIR | 0755, NULL, 0), (u64)-EEXIST, "directory over f: -EEXIST");
	tap_ok(!ramfs_check_invariants(), "R1-R4 hold");
	ramfs_reset();
	tap_eq(ramfs_count(), 0, "reset empties the tree");
}

int main(void)
{
	register_console(&capture);
	unpack_empty_check();
	unpack_tree_check();
	unpack_concatenated_check();
	unpack_padding_between_entries_check();
	unpack_checksum_check();
	unpack_malformed_check();
	unpack_refused_entries_check();
	unpack_hard_links_check();
	ramfs_link_check();
	ramfs_create_errors_check();
	ramfs_reset();
	return tap_done();
}
