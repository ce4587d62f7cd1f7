vsprintf_test_SRCS := src/lib/vsprintf.c
