// SPDX-License-Identifier: GPL-2.0-only
/*
 * initramfs_fuzz.c - libFuzzer target for the newc cpio parser
 * (init/initramfs.c) and the RAM file system it fills (fs/ramfs/inode.c),
 * from book/initramfs.nw.
 *
 * The input is the initramfs image as a boot loader hands it over. Each
 * input is unpacked into an empty file system. After each: the message
 * is NULL or one of Linux's (the list below), R1-R5 hold, and every
 * regular file's and link's contents are a run of the input's bytes
 * (the parser copies, never invents). ASan and UBSan catch reads past the
 * image; the file system's memory comes from malloc, so a node that is
 * never freed by ramfs_reset() is a leak LeakSanitizer reports.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/initrd.h>
#include <linux/ramfs.h>


void *calloc(unsigned long n, unsigned long size);
void free(void *p);

void *ramfs_alloc(unsigned long size)
{
	return calloc(1, size);
}

void ramfs_free(void *p, unsigned long size)
{
	(void)size;
	free(p);
}

static const char *const linux_messages[] = {
	"incorrect cpio method used: use -H newc option", "no cpio magic",
	"broken padding", "malformed archive", "bad data checksum",
	"invalid magic at start of compressed archive", "write error",
};

static bool known_message(const char *err)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(linux_messages); i++)
		if (!strcmp(err, linux_messages[i]))
			return true;
	return false;
}

/* Do the @n bytes at @p occur in the input at an offset that is a multiple of 4 (C1)? */
static bool memmem_in(const u8 *data, size_t size, const char *p, unsigned long n)
{
	for (size_t at = 0; at + n <= size; at += CPIO_ALIGN)
		if (!memcmp(data + at, p, n))
			return true;
	return false;
}

static void check_contents(const struct ramfs_node *n, const u8 *data, size_t size)
{
	for (; n; n = n->sibling) {
		if (S_ISDIR(n->mode)) {
			check_contents(n->child, data, size);
			continue;
		}
		/* a copy of bytes of the input, which began at an aligned offset */
		if (n->size > size)
			__builtin_trap();
		if (n->size && !memmem_in(data, size, n->data, n->size))
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	const char *err;

	ramfs_reset();
	err = unpack_to_rootfs((const char *)data, size);
	if (err && !known_message(err))
		__builtin_trap();
	if (ramfs_check_invariants())
		__builtin_trap();
	check_contents(ramfs_root.child, data, size);
	ramfs_reset();
	if (ramfs_root.child)
		__builtin_trap();
	return 0;
}
