"""Stream the members of a DILA tar.gz without unpacking it to disk, refusing unsafe or oversized members,
and checking that the archive is complete.

A cut archive must never pass for a short one. ``tarfile`` checks neither the gzip trailer (CRC-32 and length)
nor the tar's end-of-archive blocks: a file cut at a member boundary reads as a smaller, valid archive. So the
gzip stream is decompressed here (zlib checks each trailer) and read to its very end, and the tar must stop on
its two zero blocks with nothing but zeros after them.
"""

from __future__ import annotations

import io
import re
import tarfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from legalgraph.errors import LegalgraphError

DEFAULT_MEMBER_LIMIT = 50 * 1024 * 1024  # one XML text is a few KB; an annex rarely 1 MB


class MemberKind(StrEnum):
    TEXTE_SIMPLE = "texte-simple"  # JORFSIMPLE: one file holds a whole text
    TEXTE_VERSION = "texte-version"  # JORF/LEGI texte/version: metadata, visas, signature
    TEXTE_STRUCT = "texte-struct"
    ARTICLE = "article"
    SECTION_TA = "section-ta"
    CONTENEUR = "conteneur"
    DELETIONS = "deletions"  # liste_suppression_*.dat
    OTHER = "other"  # eli/ aliases, unknown folders, new list files: skipped, never an error


_ID = re.compile(r"(JORF|LEGI)(TEXT|ARTI|SCTA|CONT)\d{12}")


@dataclass
class Member:
    path: str  # as in the archive
    kind: MemberKind
    data: bytes

    @property
    def dila_id(self) -> str | None:
        m = _ID.search(self.path.rsplit("/", 1)[-1])
        return m.group(0) if m else None


def member_kind(path: str) -> MemberKind:
    # Plain string splits: a member name is looked at 100,000 times per archive, pathlib costs too much here.
    parts = path.split("/")
    name = parts[-1]
    if name.startswith("liste_suppression") and name.endswith(".dat"):
        return MemberKind.DELETIONS
    if not name.endswith(".xml"):
        return MemberKind.OTHER
    if "eli" in parts:
        return MemberKind.OTHER
    if "simple" in parts and _ID.match(name) and "TEXT" in name:
        return MemberKind.TEXTE_SIMPLE
    if "version" in parts and "texte" in parts:
        return MemberKind.TEXTE_VERSION
    if "struct" in parts and "texte" in parts:
        return MemberKind.TEXTE_STRUCT
    if "article" in parts:
        return MemberKind.ARTICLE
    if "section_ta" in parts:
        return MemberKind.SECTION_TA
    if "conteneur" in parts or "CONT" in name:
        return MemberKind.CONTENEUR
    return MemberKind.OTHER


def unsafe_reason(info: tarfile.TarInfo) -> str | None:
    """Why a member must not be read: links, devices, absolute or escaping paths."""
    if info.issym() or info.islnk():
        return "a link"
    if not (info.isfile() or info.isdir()):
        return "not a regular file"
    p = PurePosixPath(info.name)
    if p.is_absolute() or info.name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", info.name):
        return "an absolute path"
    if ".." in p.parts:
        return "a path that escapes the archive ('..')"
    return None


class IncompleteArchive(LegalgraphError):
    """The archive is cut or damaged: nothing of it may be committed."""


class CheckedGzip(io.RawIOBase):
    """The decompressed bytes of a gzip file. Every gzip member must end with its trailer, which zlib checks
    (CRC-32 and length); the file's end inside a member raises IncompleteArchive.

    ``end_of_data`` is the offset just past the last non-NUL byte seen, for the tar end check.
    """

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self.total = 0
        self.end_of_data = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._pending:
            if self._z.eof:  # after a complete gzip member: another one, or zeros (padding), or the end
                chunk = self.raw.read(1 << 16)
                if not chunk:
                    return 0
                if not chunk.strip(b"\0"):
                    continue
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
            else:  # (zlib leaves a stale unconsumed_tail once at eof: only read it before)
                chunk = self._z.unconsumed_tail or self.raw.read(1 << 16)
                if not chunk:
                    raise IncompleteArchive(
                        "truncated archive: the gzip stream stops before its end (no trailer)"
                    )
            try:
                self._pending = self._z.decompress(chunk, len(b))  # bounded: a gzip bomb stays small here
            except zlib.error as exc:
                raise IncompleteArchive(f"corrupt archive: {exc}") from None
            if self._z.eof and self._z.unused_data:
                self.raw = _Prepend(self._z.unused_data, self.raw)
        piece, self._pending = self._pending[: len(b)], self._pending[len(b) :]
        b[: len(piece)] = piece
        kept = len(piece.rstrip(b"\0"))
        if kept:
            self.end_of_data = self.total + kept
        self.total += len(piece)
        return len(piece)


class _Prepend(io.RawIOBase):
    """``head`` then the rest of ``raw``: the bytes zlib read past the end of one gzip member."""

    def __init__(self, head: bytes, raw: BinaryIO):
        self.head, self.raw = head, raw

    def read(self, n: int = -1) -> bytes:
        if self.head:
            out, self.head = self.head, b""
            return out
        return self.raw.read(n)


def _check_tar_end(tar: tarfile.TarFile, data: CheckedGzip) -> None:
    """The tar stopped on its end-of-archive blocks (two zero blocks), with only zeros after them."""
    while data.read(1 << 16):  # the gzip stream to its end: its trailers are checked on the way
        pass
    end = tar.offset  # where tarfile stopped: an end block, or the end of the data
    if data.end_of_data > end:
        raise IncompleteArchive("corrupt archive: data after the tar's end (a damaged member header?)")
    if data.total - end < 2 * tarfile.BLOCKSIZE:
        raise IncompleteArchive(
            "truncated archive: the tar stops without its end-of-archive blocks "
            f"(cut after {data.total:,} bytes)"
        )


def iter_members(
    archive: Path,
    kinds: set[MemberKind] | None = None,
    member_limit: int = DEFAULT_MEMBER_LIMIT,
    skipped: list[str] | None = None,
    check: Callable[[], None] | None = None,
) -> Iterator[Member]:
    """Yield the regular-file members of ``archive`` one by one (streamed: memory holds one member at a time).

    Unsafe or oversized members and unwanted kinds are skipped (and named in ``skipped``). An archive that is
    corrupt, or cut anywhere (gzip trailer, tar end blocks), raises IncompleteArchive naming it — after the
    last member, so a caller commits nothing before the generator is exhausted. ``check`` is called before
    each member (the run's deadline).
    """
    skipped = skipped if skipped is not None else []
    try:
        with open(archive, "rb") as raw, tarfile.open(fileobj=(data := CheckedGzip(raw)), mode="r|") as tar:
            for info in tar:
                if check:
                    check()
                tar.members = []  # tarfile keeps every TarInfo it has seen: drop them to stream in constant memory
                if info.isdir():
                    continue
                reason = unsafe_reason(info)
                if reason:
                    skipped.append(f"{info.name}: skipped, {reason}")
                    continue
                kind = member_kind(info.name)
                if kinds is not None and kind not in kinds:
                    continue
                if info.size > member_limit:
                    skipped.append(
                        f"{info.name}: skipped, {info.size:,} bytes is over the {member_limit:,}-byte limit"
                    )
                    continue
                f = tar.extractfile(info)
                if f is None:
                    continue
                yield Member(path=info.name, kind=kind, data=f.read())
            _check_tar_end(tar, data)
    except IncompleteArchive as exc:
        raise IncompleteArchive(exc.reason, str(archive)) from None
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise IncompleteArchive(f"corrupt or truncated archive ({exc})", str(archive)) from None


def parse_deletions(data: bytes) -> list[str]:
    """The DILA ids a deletion list names (one archive path per line, without '.xml')."""
    ids = []
    for line in data.decode("utf-8", "replace").splitlines():
        m = _ID.search(line.strip().rsplit("/", 1)[-1])
        if m:
            ids.append(m.group(0))
    return ids
