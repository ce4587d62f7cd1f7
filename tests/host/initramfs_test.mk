initramfs_test_SRCS := src/init/initramfs.c src/fs/ramfs/inode.c src/kernel/printk/printk.c \
	src/lib/vsprintf.c src/lib/cmdline.c src/lib/kunit/test.c
