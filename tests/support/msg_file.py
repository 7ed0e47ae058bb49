"""An Outlook letter (.msg) built for tests, since olefile reads compound files but cannot write one: a minimal
compound file writer ([MS-CFB] version 3: 512-byte sectors, streams under 4,096 bytes in the mini stream) and the
letter's storages and streams as [MS-OXMSG] lays them out — the property stream «__properties_version1.0» (a
32-byte header, then 16-byte entries: the submit and delivery times), one stream per text property
(«__substg1.0_0037001F»: the subject, UTF-16), an attachment storage «__attach_version1.0_#XXXXXXXX» per file
(data «__substg1.0_37010102», long name «__substg1.0_3707001F»), an attached letter as a storage
«__substg1.0_3701000D» of its own. Each directory's entries are a balanced binary tree in the compound file's
order of names (shorter first, then by upper-case code points), all black: olefile walks the tree as it is."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ROOT, STORAGE, STREAM = 5, 1, 2


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list["_Entry"] = field(default_factory=list)
    sid: int = 0
    left: int = NO_STREAM
    right: int = NO_STREAM
    child: int = NO_STREAM
    start: int = END
    size: int = 0


def compound_file(tree: dict) -> bytes:
    """A compound file of ``tree``: a name → bytes (a stream) or → dict (a storage)."""
    root = _Entry("Root Entry", ROOT, children=_entries(tree))
    entries = _numbered(root)
    for e in entries:
        if e.kind != STREAM:
            e.child = _tree(sorted(e.children, key=_order))
    mini = bytearray()
    mini_fat: list[int] = []
    big = [e for e in entries if e.kind == STREAM and len(e.data) >= CUTOFF]
    for e in entries:
        if e.kind == STREAM and 0 < len(e.data) < CUTOFF:
            e.start, e.size = len(mini_fat), len(e.data)
            count = -(-len(e.data) // MINI)
            mini_fat += [len(mini_fat) + k + 1 for k in range(count - 1)] + [END]
            mini += e.data.ljust(count * MINI, b"\0")
    # sectors: the big streams, the mini stream, the mini FAT, the directory, then the FAT itself
    chains: list[tuple[int, bytes]] = []          # (first sector, bytes) in order

    def place(data: bytes) -> int:
        first = sum(-(-len(d) // SECTOR) for _, d in chains)
        chains.append((first, data))
        return first

    for e in big:
        e.start, e.size = place(e.data), len(e.data)
    root.start = place(bytes(mini)) if mini else END
    root.size = len(mini)
    mini_fat_bytes = b"".join(struct.pack("<I", v) for v in mini_fat)
    mini_fat_start = place(mini_fat_bytes.ljust(-(-len(mini_fat_bytes) // SECTOR) * SECTOR, b"\xff")) \
        if mini_fat else END
    directory = b"".join(_directory_entry(e) for e in entries)
    directory += _empty_entry() * (-len(entries) % 4)
    directory_start = place(directory)
    used = sum(-(-len(d) // SECTOR) for _, d in chains)
    fat_sectors = 1
    while fat_sectors * SECTOR // 4 < used + fat_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109, "a test letter fits the header's sector table"
    fat = [FREE] * (fat_sectors * SECTOR // 4)
    for first, data in chains:
        count = -(-len(data) // SECTOR)
        for k in range(count):
            fat[first + k] = first + k + 1 if k < count - 1 else END
    for k in range(fat_sectors):
        fat[used + k] = FAT_SECTOR
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", MAGIC, b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0,
                         fat_sectors, directory_start, 0, CUTOFF, mini_fat_start, -(-len(mini_fat) // (SECTOR // 4))
                         if mini_fat else 0, END, 0)
    header += b"".join(struct.pack("<I", used + k) for k in range(fat_sectors)) + b"\xff" * 4 * (109 - fat_sectors)
    body = b"".join(data.ljust(-(-len(data) // SECTOR) * SECTOR, b"\0") for _, data in chains)
    return header + body + b"".join(struct.pack("<I", v) for v in fat)


def _entries(tree: dict) -> list[_Entry]:
    return [_Entry(name, STORAGE, children=_entries(value)) if isinstance(value, dict) else
            _Entry(name, STREAM, data=value) for name, value in tree.items()]


def _numbered(root: _Entry) -> list[_Entry]:
    out = [root]
    for e in out:                     # breadth first: every entry gets its number once
        for c in e.children:
            c.sid = len(out)
            out.append(c)
    return out


def _order(e: _Entry) -> tuple[int, str]:
    return len(e.name), e.name.upper()


def _tree(siblings: list[_Entry]) -> int:
    if not siblings:
        return NO_STREAM
    middle = len(siblings) // 2
    node = siblings[middle]
    node.left, node.right = _tree(siblings[:middle]), _tree(siblings[middle + 1:])
    return node.sid


def _directory_entry(e: _Entry) -> bytes:
    name = e.name.encode("utf-16-le") + b"\0\0"
    assert len(name) <= 64
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name), e.kind, 1, e.left, e.right, e.child, b"\0" * 16, 0, 0,
                       0, e.start if (e.kind == ROOT or e.kind == STREAM) else 0, e.size)


def _empty_entry() -> bytes:
    return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NO_STREAM, NO_STREAM, NO_STREAM, b"\0" * 16, 0, 0, 0,
                       0, 0)


# ---------------------------------------------------------------------------------------------- the letter

def _filetime(when: datetime) -> int:
    return int((when - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)


def _text(prop: int, value: str) -> tuple[str, bytes]:
    return f"__substg1.0_{prop:04X}001F", value.encode("utf-16-le")


def _properties(header: bytes, fixed: list[tuple[int, int, bytes]], texts: dict[int, str]) -> bytes:
    """The property stream: ``fixed`` (id, type, 8-byte value) and an entry per text (its size: UTF-16 + 2)."""
    entries = [struct.pack("<II", (prop << 16) | kind, 0x6) + value for prop, kind, value in fixed]
    entries += [struct.pack("<IIII", (prop << 16) | 0x001F, 0x6, len(v.encode("utf-16-le")) + 2, 0)
                for prop, v in texts.items()]
    return header + b"".join(entries)


def _message(subject: str, sender_name: str, sender_address: str, sent_at: datetime | None,
             attachments: list, header: bytes) -> dict:
    texts = {0x0037: subject, 0x0C1A: sender_name, 0x0C1F: sender_address, 0x5D01: sender_address}
    fixed = [(0x3FFD, 0x0003, struct.pack("<Q", 65001))]
    if sent_at is not None:
        fixed += [(0x0039, 0x0040, struct.pack("<Q", _filetime(sent_at))),
                  (0x0E06, 0x0040, struct.pack("<Q", _filetime(sent_at) + 600_000_000))]
    tree: dict = {"__properties_version1.0": _properties(header, fixed, texts)}
    tree.update(dict(_text(p, v) for p, v in texts.items() if v))
    tree["__recip_version1.0_#00000000"] = {
        "__properties_version1.0": _properties(b"\0" * 8, [(0x3000, 0x0003, struct.pack("<Q", 0))],
                                               {0x3001: "Управление образования"}),
        **dict([_text(0x3001, "Управление образования"), _text(0x39FE, "uo@example.ru")])}
    for k, attached in enumerate(attachments):
        storage: dict
        if isinstance(attached, OutlookLetter):
            storage = {"__properties_version1.0": _properties(b"\0" * 8, [(0x3705, 0x0003, struct.pack("<Q", 5))],
                                                              {0x3001: attached.subject}),
                       "__substg1.0_3701000D": attached.tree(embedded=True), **dict([_text(0x3001, attached.subject)])}
        else:
            name, data = attached
            storage = {"__properties_version1.0": _properties(b"\0" * 8, [(0x3705, 0x0003, struct.pack("<Q", 1)),
                                                                          (0x0E21, 0x0003, struct.pack("<Q", k))],
                                                              {0x3707: name, 0x3704: name[:12]}),
                       "__substg1.0_37010102": data, **dict([_text(0x3707, name), _text(0x3704, name[:12])])}
        tree[f"__attach_version1.0_#{k:08X}"] = storage
    return tree


@dataclass
class OutlookLetter:
    """A letter as Outlook saves it: ``attachments`` are (name, bytes) files or letters attached whole."""
    subject: str
    sender_name: str
    sender_address: str
    sent_at: datetime | None
    attachments: list = field(default_factory=list)

    def tree(self, embedded: bool = False) -> dict:
        # the top-level property stream's header is 32 bytes (ids and counts), an attached letter's 24
        counts = struct.pack("<8sIIII", b"\0" * 8, 1, len(self.attachments), 1, len(self.attachments))
        header = counts[:24] if embedded else counts + b"\0" * 8
        tree = _message(self.subject, self.sender_name, self.sender_address, self.sent_at, self.attachments, header)
        if not embedded:
            tree["__nameid_version1.0"] = {"__substg1.0_00020102": b"", "__substg1.0_00030102": b"",
                                           "__substg1.0_00040102": b""}
        return tree

    def save(self, path: Path) -> Path:
        path.write_bytes(compound_file(self.tree()))
        return path
