#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# tangle.sh CHAPTER.nw SRCDIR [ROOTS]: write every root chunk of one chapter
# under SRCDIR, and the list of files written to ROOTS (if given).
#
# A root whose name looks like a path (it has a '/' or a '.') is an output file.
# C, header and assembler roots are tangled with #line directives that point
# back into the chapter, so compiler errors and gdb land in the book. Headers
# go through cpif, so an unchanged header does not trigger a rebuild. A root
# that is not a path is a chunk the chapter defines but never uses: an error,
# because the tangled kernel would silently lack it.
set -eu
nw=$1
out=$2
roots=${3:-/dev/null}
status=0
: >"$roots"
for root in $(noroots "$nw" | sed -n 's/^<<\(.*\)>>$/\1/p' | tr ' ' '\001'); do
	root=$(printf '%s' "$root" | tr '\001' ' ')
	case $root in
	*/*|*.*) ;;
	*)	echo "$nw: chunk <<$root>> is defined but never used" >&2
		status=1
		continue ;;
	esac
	echo "$root" >>"$roots"
	mkdir -p "$out/$(dirname "$root")"
	case $root in
	*.c|*.h|*.S)	lines=-L ;;
	*)		lines= ;;
	esac
	tmp="$out/$root.tangle"
	if notangle -t $lines -R"$root" "$nw" >"$tmp" 2>"$tmp.err" && ! [ -s "$tmp.err" ]; then
		cpif "$out/$root" <"$tmp"
	else
		sed "s|^|$nw: |" "$tmp.err" >&2
		status=1
	fi
	rm -f "$tmp" "$tmp.err"
done
exit $status
