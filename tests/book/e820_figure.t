#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# e820_figure.t: the book's before-and-after picture of the change-point
# sweep (book/e820.nw) is what the sanitiser really does. The host test
# draws the picture from a run of e820__update_table(); the book's copy
# must be the same, character for character.
import subprocess

fig = subprocess.run(["build/tests/host/e820_test", "--figure"], capture_output=True,
                     text=True, check=True).stdout.rstrip("\n")
book = open("book/e820.nw").read()
ok = "\\begin{verbatim}\n" + fig + "\n\\end{verbatim}" in book
print("1..1")
print(("ok" if ok else "not ok") + " 1 - book/e820.nw draws the sweep as e820__update_table() does it")
if not ok:
    print("# the program draws:")
    for line in fig.splitlines():
        print("#   " + line)
