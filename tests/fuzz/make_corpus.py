#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the seed corpus of tests/fuzz/acpi_fuzz.c: QEMU-shaped ACPI tables.

Each seed is the fuzz target's input: 2 bytes of EBDA segment, 8 bytes of
boot_params.acpi_rsdp_addr, then the memory from physical 0xE0000 on. The
tables follow the ACPI specification, with checksums computed here; the
layouts are what QEMU 7.2 builds (RSDT or XSDT, FACP -> DSDT and FACS,
APIC (the MADT, with QEMU's processors, I/O APIC, overrides and NMI
entry), HPET, SRAT with processor and memory affinity, SLIT; the FADT
gives the PM timer's port as QEMU's does).

Run from the repository's top: python3 tests/fuzz/make_corpus.py
"""
import os
import struct

BASE = 0xE0000
OUT = "tests/fuzz/corpus/acpi_fuzz"


def checksum(b):
    return (-sum(b)) & 0xFF


def table(sig, body, rev=1):
    length = 36 + len(body)
    hdr = struct.pack("<4sIBB6s8sI4sI", sig, length, rev, 0, b"BOCHS ",
                      b"BXPC    ", 1, b"BXPC", 1)
    t = bytearray(hdr + body)
    t[9] = checksum(t)
    return bytes(t)


def rsdp(rev, rsdt, xsdt=0):
    r = bytearray(struct.pack("<8sB6sBIIQB3s", b"RSD PTR ", 0, b"BOCHS ", rev,
                              rsdt, 36 if rev >= 2 else 0, xsdt, 0, b"\0\0\0"))
    r[8] = checksum(r[:20])
    if rev >= 2:
        r[32] = checksum(r)
    return bytes(r)


def srat(cpus, mems, x2apic=(), rev=1):
    body = struct.pack("<IQ", 1, 0)
    for pxm, apic in cpus:            # type 0: processor local APIC affinity
        body += struct.pack("<BBBBIB3sI", 0, 16, pxm & 0xFF, apic, 1, 0,
                            (pxm >> 8).to_bytes(3, "little"), 0)
    for pxm, apic in x2apic:          # type 2: processor local x2APIC affinity
        body += struct.pack("<BBHIIIII", 2, 24, 0, pxm, apic, 1, 0, 0)
    for pxm, base, size, flags in mems:   # type 1: memory affinity
        body += struct.pack("<BBIHQQIIQ", 1, 40, pxm, 0, base, size, 0, flags, 0)
    return table(b"SRAT", body, rev)


def madt(cpus, x2cpus=(), ioapic_at=0xFEC00000):
    """QEMU's MADT: a local APIC entry per (apic id, flags), x2APIC entries
    per (id, flags), one I/O APIC, the five ISA overrides, LINT1 as NMI."""
    body = struct.pack("<II", 0xFEE00000, 1)
    for i, (apic, flags) in enumerate(cpus):      # type 0: processor local APIC
        body += struct.pack("<BBBBI", 0, 8, i, apic, flags)
    for i, (apic, flags) in enumerate(x2cpus):    # type 9: processor local x2APIC
        body += struct.pack("<BBHIII", 9, 16, 0, apic, flags, 100 + i)
    body += struct.pack("<BBBBII", 1, 12, 0, 0, ioapic_at, 0)     # type 1: I/O APIC
    for irq, gsi, flags in [(0, 2, 0), (5, 5, 0xD), (9, 9, 0xD), (10, 10, 0xD), (11, 11, 0xD)]:
        body += struct.pack("<BBBBIH", 2, 10, 0, irq, gsi, flags)  # type 2: override
    body += struct.pack("<BBBHB", 4, 6, 0xFF, 0, 1)               # type 4: LAPIC NMI
    return table(b"APIC", body)


def hpet(base=0xFED00000):
    return table(b"HPET", struct.pack("<IBBBBQBHB", 0x8086A201, 0, 64, 0, 0, base, 0, 0x80, 0))


def slit(dist):
    n = len(dist)
    return table(b"SLIT", struct.pack("<Q", n) + bytes(sum(dist, [])), 1)


def point_fadt_home(mem, at):
    """Point the FADT's FACS, DSDT, X_FIRMWARE_CTRL and X_DSDT at itself."""
    fadt = mem[at:at + 0xF4]
    struct.pack_into("<II", fadt, 36, BASE + at, BASE + at)
    struct.pack_into("<QQ", fadt, 132, BASE + at, BASE + at)
    fadt[9] = 0
    fadt[9] = checksum(fadt)
    mem[at:at + 0xF4] = fadt


def image(tables, rev=0, use_xsdt=False, ebda=0, rsdp_addr=0, fadt_loop=False,
          list_twice=False):
    """Lay out RSDP at 0xE0000, then the tables, 16-byte aligned.

    fadt_loop: the FADT's four table pointers point back at the FADT.
    list_twice: the root table lists the FADT and the DSDT twice each."""
    mem = bytearray(64)               # room for the RSDP
    addrs = {}

    def place(name, blob):
        while len(mem) % 16:
            mem.append(0)
        addrs[name] = BASE + len(mem)
        mem.extend(blob)

    place("FACS", struct.pack("<4sI", b"FACS", 64) + bytes(56))
    place("DSDT", table(b"DSDT", bytes(8)))
    fadt = bytearray(0xF4 - 36)
    struct.pack_into("<II", fadt, 0, addrs["FACS"], addrs["DSDT"])
    struct.pack_into("<H", fadt, 46 - 36, 9)                      # SCI_INT
    struct.pack_into("<I", fadt, 76 - 36, 0x608)                  # PM_TMR_BLK
    struct.pack_into("<BBBBQ", fadt, 208 - 36, 1, 32, 0, 3, 0x608)  # X_PM_TMR_BLK
    place("FACP", table(b"FACP", bytes(fadt), 3))
    if fadt_loop:
        point_fadt_home(mem, addrs["FACP"] - BASE)
    for name, blob in tables:
        place(name, blob)
    listed = [addrs["FACP"]] + [addrs[n] for n, _ in tables]
    if list_twice:
        listed += [addrs["FACP"], addrs["DSDT"], addrs["DSDT"]]
    place("RSDT", table(b"RSDT", b"".join(struct.pack("<I", a) for a in listed)))
    xsdt = 0
    if use_xsdt:
        place("XSDT", table(b"XSDT", b"".join(struct.pack("<Q", a) for a in listed)))
        xsdt = addrs["XSDT"]
    mem[0:36] = rsdp(rev, addrs["RSDT"], xsdt).ljust(36, b"\0")
    return struct.pack("<HQ", ebda, rsdp_addr) + bytes(mem)


G = 1 << 30
ENABLED, HOTPLUG = 1, 2
apic = madt([(0, ENABLED), (1, ENABLED)])
two_nodes = srat([(0, 0), (1, 1)],
                 [(0, 0, 0xA0000, ENABLED), (0, 0x100000, G - 0x100000, ENABLED),
                  (1, G, G, ENABLED), (0, 0, 0, 0)])
four_nodes = srat([(0, 0), (1, 1), (2, 2), (3, 3)],
                  [(0, 0, 0xA0000, ENABLED), (0, 0x100000, 512 << 20, ENABLED),
                   (1, 0x20100000 - 0x100000, G, ENABLED),
                   (2, 0x60000000, 256 << 20, ENABLED),
                   (3, 0x70000000, 256 << 20, ENABLED | HOTPLUG)],
                  x2apic=[(3, 300)])
seeds = {
    "qemu-uma": image([("APIC", apic)]),
    "qemu-2node": image([("APIC", apic), ("SRAT", two_nodes)]),
    "qemu-2node-slit": image([("APIC", apic), ("SRAT", two_nodes),
                              ("SLIT", slit([[10, 20], [20, 10]]))]),
    "qemu-4node-xsdt": image([("SRAT", four_nodes),
                              ("SLIT", slit([[10, 20, 30, 40], [20, 10, 20, 30],
                                             [30, 20, 10, 20], [40, 30, 20, 10]]))],
                             rev=2, use_xsdt=True),
    "loader-rsdp": image([("SRAT", two_nodes)], rsdp_addr=BASE),
    # Hostile firmware: each table must be listed and reserved once.
    "fadt-loop": image([("SRAT", two_nodes)], fadt_loop=True),
    "fadt-loop-xsdt": image([("SRAT", two_nodes)], rev=2, use_xsdt=True, fadt_loop=True),
    "listed-twice": image([("APIC", apic)], list_twice=True),
    # -smp 2,maxcpus=4 with two x2APIC processors, one beyond xAPIC's ids
    "madt-hotplug-x2apic": image([("APIC", madt([(0, ENABLED), (1, ENABLED), (2, 0), (3, 0)],
                                                x2cpus=[(5, ENABLED), (300, ENABLED)])),
                                  ("HPET", hpet())]),
    # an I/O APIC where none answers (bit 12 of its address set)
    "madt-ioapic-absent": image([("APIC", madt([(1, ENABLED), (0, ENABLED)],
                                               ioapic_at=0xFEC01000)), ("HPET", hpet(0))]),
    # SRAT revision 2: a CPU's domain with bit 31 set (0xf9000001), which
    # once overflowed an int in the shift that assembles it.
    "srat-pxm-bit31": image([("SRAT", srat([(0, 0), (0xF9000001, 1)],
                                          [(0, 0, 0xA0000, ENABLED)], rev=2))]),
}
os.makedirs(OUT, exist_ok=True)
for name, blob in seeds.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(blob)
