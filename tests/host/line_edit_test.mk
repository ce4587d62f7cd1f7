line_edit_test_SRCS := src/lib/line_edit.c src/lib/vsprintf.c
