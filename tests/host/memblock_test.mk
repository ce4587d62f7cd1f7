memblock_test_SRCS := src/mm/memblock.c src/lib/vsprintf.c src/lib/kunit/test.c
