# SPDX-License-Identifier: GPL-2.0-only
"""memreport.py - read the kernel's machine-readable report from a serial log.

The kernel prints the report when `memreport` is on its command line
(book/report.nw, "The report's format"). It is JSON lines between two
markers, each line a printk line with its timestamp:

    [    0.512345] ---[ memreport begin ]---
    [    0.512400] {"rec":"report","version":1}
    [    0.512500] {"rec":"e820","addr":"0x0","size":"0x9fc00","type":1}
    ...
    [    0.513000] ---[ memreport end: 57 records ]---

    report = parse(open('build/figures/boot.log').read())
    report.version                  # 1
    report.of('e820')               # the e820 records, hex strings made ints

Anything malformed raises ReportError, whose message names the log line
and says what is wrong: a missing marker, a truncated or non-JSON line,
an unknown version or record kind, a missing, extra or mistyped field, a
record count that does not match the end marker.
"""
import json
import re

VERSION = 1
BEGIN = '---[ memreport begin ]---'
END = re.compile(r'---\[ memreport end: (\d+) records? \]---$')
TIMESTAMP = re.compile(r'\[ *\d+\.\d{6}\] ')
HEX = re.compile(r'0x[0-9a-f]+$')
LEVELS = ('pgd', 'p4d', 'pud', 'pmd', 'pte')

# Field types. HEX: an address or size, written "0x..." (JSON numbers
# lose precision above 2**53, and Linux prints addresses in hex).
# INT: a small JSON integer. STR: a string. A tuple: one of these strings.
HEXT, INT, STR, OPT_HEX = 'hex', 'int', 'str', 'hex or null'
STEP = {'level': LEVELS, 'index': INT, 'table': HEXT, 'entry': HEXT}

# The record kinds of version 1 and their fields (book/report.nw lists
# what each means). Adding a kind keeps the version; changing one bumps it.
SCHEMA = {
    'report': {'version': INT},
    'e820': {'addr': HEXT, 'size': HEXT, 'type': INT},
    'memblock': {'type': ('memory', 'reserved'), 'base': HEXT, 'size': HEXT,
                 'flags': INT, 'nid': INT},
    'marker': {'name': STR, 'start': HEXT},
    'region': {'name': STR, 'start': HEXT, 'end': HEXT},
    'pt': {'start': HEXT, 'end': HEXT, 'level': LEVELS, 'prot': HEXT},
    'walk': {'name': STR, 'va': HEXT, 'cr3': HEXT, 'steps': [STEP],
             'pa': OPT_HEX, 'page_size': OPT_HEX},
    'map': {'start': HEXT, 'end': HEXT, 'pa': HEXT, 'level': LEVELS},
    'section': {'nr': INT, 'nid': INT, 'pfn': HEXT, 'mem_map': HEXT, 'map_size': HEXT},
    'node': {'nid': INT, 'start': HEXT, 'end': HEXT},
    'zone': {'nid': INT, 'zone': STR, 'start_pfn': HEXT, 'spanned': INT, 'present': INT,
             'managed': INT, 'free': INT},
    'zonelist': {'nid': INT, 'list': ('fallback', 'nofallback'), 'zones': STR},
    'freearea': {'phase': STR, 'nid': INT, 'zone': STR, 'order': INT, 'nr_free': INT,
                 'unmovable': INT, 'movable': INT, 'reclaimable': INT, 'highatomic': INT,
                 'isolate': INT},
    'freeblock': {'phase': STR, 'nid': INT, 'zone': STR, 'pfn': HEXT, 'order': INT,
                  'type': ('unmovable', 'movable', 'reclaimable', 'highatomic', 'isolate')},
    'alloc': {'nid': INT, 'zone': STR, 'pfn': HEXT, 'order': INT},
    'slab': {'name': STR, 'object_size': INT, 'size': INT, 'align': INT, 'num': INT,
             'order': INT, 'colour': INT, 'colour_off': INT, 'freelist': ('on', 'off', 'obj'),
             'active_objs': INT, 'num_objs': INT, 'num_slabs': INT},
    'vmap_area': {'start': HEXT, 'end': HEXT, 'kind': ('vmalloc', 'vmap', 'ioremap', 'none'),
                  'pages': INT, 'guard': HEXT},
    'slabpage': {'cache': STR, 'addr': HEXT, 'order': INT, 'num': INT, 'size': INT,
                 'colour': INT, 'freelist': ('on', 'off', 'obj'),
                 'freelist_addr': HEXT, 'freelist_size': INT, 'left': INT, 'active': INT,
                 'free': STR},
    'cpu_bringup': {'cpu': INT, 'apicid': INT, 'init': INT, 'sipi': INT, 'entry': INT,
                    'online': INT},
    'percpu': {'static_size': HEXT, 'reserved_size': HEXT, 'dyn_size': HEXT,
               'unit_size': HEXT, 'atom_size': HEXT, 'alloc_size': HEXT, 'base': HEXT},
    'pcpu_unit': {'group': INT, 'unit': INT, 'cpu': INT, 'addr': HEXT},
    'task_stack': {'name': STR, 'pid': INT, 'cpu': INT, 'start': HEXT, 'end': HEXT},
}


class ReportError(Exception):
    """The report is missing or malformed; the message says where and why."""


class Report:
    """A parsed report: its version and its records, in the kernel's order.

    Every record is a dict; HEX fields are ints, and each record has a
    '_line' key: the line of the serial log it came from.
    """

    def __init__(self, version, records):
        self.version = version
        self.records = records

    def of(self, kind):
        return [r for r in self.records if r['rec'] == kind]


def report_lines(log):
    """The (log line number, text) of every line between the markers.

    The timestamp is removed. Raises ReportError if a marker is missing,
    doubled, or a line in between has no timestamp.
    """
    lines = log.replace('\r\n', '\n').split('\n')
    begins = [i for i, line in enumerate(lines) if line.endswith(BEGIN)]
    if not begins:
        raise ReportError("no '%s' line in the log: was 'memreport' on the "
                          "kernel command line, without 'quiet' (the report is "
                          "printed at KERN_INFO)?" % BEGIN)
    if len(begins) > 1:
        raise ReportError('log lines %d and %d: two reports in one log'
                          % (begins[0] + 1, begins[1] + 1))
    out = []
    for i in range(begins[0] + 1, len(lines)):
        m = TIMESTAMP.match(lines[i])
        if not m:
            if lines[i] == '' and i == len(lines) - 1:
                break
            raise ReportError('log line %d: inside the report, a line without '
                              'a printk timestamp: %r' % (i + 1, lines[i][:80]))
        text = lines[i][m.end():]
        end = END.match(text)
        if end:
            return out, int(end.group(1)), i + 1
        out.append((i + 1, text))
    raise ReportError("the log ends after line %d without the report's end "
                      "marker: the report is truncated" % len(lines))


def check_value(value, kind, where):
    """Check one field's value against its type; return it converted."""
    if isinstance(kind, list):
        if not isinstance(value, list):
            raise ReportError('%s: expected a list, got %r' % (where, value))
        return [check_fields(v, kind[0], '%s[%d]' % (where, i))
                for i, v in enumerate(value)]
    if isinstance(kind, tuple):
        if value not in kind:
            raise ReportError('%s: %r is not one of %s' % (where, value, ', '.join(kind)))
        return value
    if kind == OPT_HEX and value is None:
        return None
    if kind in (HEXT, OPT_HEX):
        if not isinstance(value, str) or not HEX.match(value):
            raise ReportError('%s: expected a hex string like "0x1000", got %r'
                              % (where, value))
        return int(value, 16)
    if kind == INT:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ReportError('%s: expected an integer, got %r' % (where, value))
        return value
    if not isinstance(value, str):
        raise ReportError('%s: expected a string, got %r' % (where, value))
    return value


def check_fields(obj, fields, where):
    """Check that obj has exactly these fields, of these types."""
    if not isinstance(obj, dict):
        raise ReportError('%s: expected a JSON object, got %r' % (where, obj))
    missing = [f for f in fields if f not in obj]
    extra = [f for f in obj if f not in fields and f != 'rec']
    if missing:
        raise ReportError('%s lacks %s' % (where, ', '.join(repr(f) for f in missing)))
    if extra:
        raise ReportError('%s has unknown %s' % (where, ', '.join(repr(f) for f in extra)))
    out = {f: check_value(obj[f], kind, '%s, %r' % (where, f)) for f, kind in fields.items()}
    if 'rec' in obj:
        out['rec'] = obj['rec']
    return out


def load(lineno, text):
    """The JSON value of one line, or a ReportError that shows the line."""
    try:
        return json.loads(text)
    except ValueError as e:
        raise ReportError('log line %d: not a JSON record (truncated?): %s: %r'
                          % (lineno, e, text[:80])) from None


def parse_record(lineno, text):
    where = 'log line %d' % lineno
    obj = load(lineno, text)
    if not isinstance(obj, dict) or not isinstance(obj.get('rec'), str):
        raise ReportError('%s: a record must be a JSON object with a "rec" '
                          'string: %r' % (where, text[:80]))
    if obj['rec'] not in SCHEMA:
        raise ReportError('%s: unknown record kind %r (version %d knows %s)'
                          % (where, obj['rec'], VERSION, ', '.join(SCHEMA)))
    rec = check_fields(obj, SCHEMA[obj['rec']], '%s: %s record' % (where, obj['rec']))
    rec['_line'] = lineno
    return rec


def parse(log):
    """Parse the report in a serial log; raise ReportError if it is malformed."""
    lines, count, end_line = report_lines(log)
    if not lines:
        raise ReportError('log line %d: the report is empty: no header record' % end_line)
    first = load(*lines[0])
    if isinstance(first, dict) and first.get('rec') == 'report' and \
            first.get('version') != VERSION:
        raise ReportError('log line %d: report version %r; this reader (figures/'
                          'memreport.py) reads version %d only'
                          % (lines[0][0], first.get('version'), VERSION))
    records = [parse_record(n, text) for n, text in lines]
    if records[0]['rec'] != 'report':
        raise ReportError('log line %d: the first record must be the "report" '
                          'header, not %r' % (lines[0][0], records[0]['rec']))
    if len(records) != count:
        raise ReportError('log line %d: the end marker counts %d records, the '
                          'report has %d: lines were lost' % (end_line, count, len(records)))
    return Report(records[0]['version'], records)
