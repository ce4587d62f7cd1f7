#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# originality.t - the tangled C is our own expression of Linux's design
# (STYLE.md H16): no function 90 % or more like its namesake in Linux
# v6.1, none at 80-90 % without a reason in originality-allow.txt, no
# comment copied from Linux. See originality.py for the measure.
exec python3 "$(dirname "$0")/originality.py"
