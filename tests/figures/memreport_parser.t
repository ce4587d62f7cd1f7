#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""memreport_parser.t - the report parser (figures/memreport.py) on good and bad logs.

The figures trust the parser to say whether the kernel's report is what
book/report.nw documents. It is tested without QEMU: on a report written
by hand (sample.py) and on every way a report can go wrong. Each bad
report must raise ReportError with a message that names the log line and
the fault; none may parse.
"""
import copy
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [HERE, os.path.join(ROOT, 'figures'), os.path.join(ROOT, 'tests', 'boot')]
import memreport  # noqa: E402
import sample  # noqa: E402
from tap import Tap  # noqa: E402

t = Tap()


def parse_error(log):
    """The ReportError's message, or None if the log parsed."""
    try:
        memreport.parse(log)
    except memreport.ReportError as e:
        return str(e)
    return None


def expect_error(log, name, words):
    """Parsing fails with a message that contains each of words."""
    err = parse_error(log)
    t.ok(err is not None and all(w in err for w in words),
         '%s: ReportError mentions %s' % (name, ', '.join(repr(w) for w in words)),
         'got: %r' % err)


def with_record(i, change):
    """The sample's lines with record i (0: the header) changed by change(rec)."""
    recs = copy.deepcopy(sample.records())
    change(recs[i])
    return sample.log(sample.lines(recs))


def log_line_of(k):
    """The log line number of report line k (0: the begin marker) in sample.log()."""
    return 2 + 2 + k   # the BIOS line, the banner, the command line, then the report


# --- a good report ----------------------------------------------------------
report = memreport.parse(sample.log())
recs = sample.records()
t.eq(report.version, 1, 'good: version 1')
t.eq(len(report.records), len(recs), 'good: every record parsed')
t.eq([r['rec'] for r in report.records], [r['rec'] for r in recs], 'good: in order')
e820 = report.of('e820')
t.eq((e820[3]['addr'], e820[3]['size'], e820[3]['type']), (0x100000, 0x7fee0000, 1),
     'good: hex strings become integers, small integers stay')
walk = report.of('walk')[0]
t.eq([s['index'] for s in walk['steps']], [511, 510, 8, 0], 'good: walk steps, in order')
t.eq(walk['steps'][3]['entry'], 0x1000161, 'good: a step\'s entry is an integer')
t.eq(report.of('pt')[0]['prot'], 0x8000000000000163, 'good: 64-bit values are exact')
t.eq(report.of('e820')[0]['_line'], log_line_of(2),
     'good: each record knows its log line')
no_cr = sample.log().replace('\r\n', '\n')
t.eq(len(memreport.parse(no_cr).records), len(recs), 'good: LF line ends parse too')
unmapped = [dict(r) for r in recs]
for r in unmapped:
    if r['rec'] == 'walk':
        r['pa'], r['page_size'] = None, None
t.ok(parse_error(sample.log(sample.lines(unmapped))) is None,
     'good: a walk that ends in a hole has null pa and page_size')

# --- missing or doubled markers --------------------------------------------
lines = sample.lines()
expect_error(sample.log(lines[1:]), 'no begin marker', ['memreport begin', 'command line'])
expect_error(sample.log(lines[:-1]), 'no end marker', ['end marker', 'truncated'])
expect_error(sample.log(lines + lines), 'two reports', ['two reports'])
expect_error(sample.log(lines[:1] + lines[-1:]), 'empty report', ['empty'])

# --- truncated and broken lines --------------------------------------------
cut = lines[:5] + [lines[5][:30]] + lines[6:]
expect_error(sample.log(cut), 'a line cut short',
             ['log line %d' % log_line_of(5), 'truncated'])
chatter = lines[:5] + ['x86/mm: something else'] + lines[5:]
expect_error(sample.log(chatter), 'a kernel message inside the report',
             ['log line %d' % log_line_of(5), 'not a JSON record'])
bare = sample.log(lines).split('\r\n')
bare.insert(log_line_of(6) - 1, lines[6])
expect_error('\r\n'.join(bare), 'a line without a timestamp',
             ['log line %d' % log_line_of(6), 'without a printk timestamp'])
expect_error(sample.log(lines[:4] + lines[5:]), 'a lost line', ['counts', 'lost'])
expect_error(sample.log(lines[:3] + ['[1, 2]'] + lines[3:-1] +
                        ['---[ memreport end: %d records ]---' % (len(recs) + 1)]),
             'a record that is not an object', ['"rec"'])

# --- versions and kinds ----------------------------------------------------
expect_error(with_record(0, lambda r: r.update(version=2)), 'version 2',
             ['version 2', 'version 1 only'])
expect_error(with_record(0, lambda r: r.update(version='1')), 'version as a string',
             ["version '1'"])
expect_error(sample.log(lines[:1] + lines[2:-1] + ['---[ memreport end: %d records ]---'
                                                   % (len(recs) - 1)]),
             'no header first', ['first record', 'report'])
expect_error(with_record(3, lambda r: r.update(rec='nosuchkind')), 'an unknown kind',
             ["unknown record kind 'nosuchkind'"])

# --- fields ----------------------------------------------------------------
expect_error(with_record(1, lambda r: r.pop('size')), 'a missing field',
             ['e820 record', "lacks 'size'"])
expect_error(with_record(1, lambda r: r.update(sz='0x1')), 'an extra field',
             ["unknown 'sz'"])
expect_error(with_record(1, lambda r: r.update(addr=4096)), 'an address as a number',
             ["'addr'", 'hex string'])
expect_error(with_record(1, lambda r: r.update(addr='0X1000')), 'upper-case 0X',
             ['hex string'])
expect_error(with_record(1, lambda r: r.update(addr='-0x10')), 'a negative address',
             ['hex string'])
expect_error(with_record(1, lambda r: r.update(type=True)), 'a boolean for an integer',
             ["'type'", 'integer'])
expect_error(with_record(1, lambda r: r.update(type='usable')), 'a name for a type',
             ["'type'", 'integer'])
i_walk = [r['rec'] for r in recs].index('walk')
i_pt = [r['rec'] for r in recs].index('pt')
i_mb = [r['rec'] for r in recs].index('memblock')
expect_error(with_record(i_pt, lambda r: r.update(level='p5d')), 'an unknown level',
             ["'p5d' is not one of"])
expect_error(with_record(i_mb, lambda r: r.update(type='free')), 'an unknown memblock type',
             ["'free' is not one of memory, reserved"])
expect_error(with_record(i_walk, lambda r: r['steps'][1].pop('entry')), 'a step without entry',
             ["steps'[1]", "lacks 'entry'"])
expect_error(with_record(i_walk, lambda r: r.update(steps={})), 'steps not a list',
             ['expected a list'])
expect_error(with_record(i_walk, lambda r: r.update(name=7)), 'a name that is a number',
             ["'name'", 'expected a string'])

t.done()
