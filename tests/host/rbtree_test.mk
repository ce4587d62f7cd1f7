rbtree_test_SRCS := src/lib/rbtree.c
