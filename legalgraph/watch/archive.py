"""Stream the members of a DILA tar.gz without unpacking it to disk, refusing unsafe or oversized members."""

from __future__ import annotations

import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

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


def iter_members(
    archive: Path, kinds: set[MemberKind] | None = None, member_limit: int = DEFAULT_MEMBER_LIMIT,
    skipped: list[str] | None = None,
) -> Iterator[Member]:
    """Yield the regular-file members of ``archive`` one by one (streamed: memory holds one member at a time).

    Unsafe or oversized members and unwanted kinds are skipped (and named in ``skipped``); a corrupt archive
    raises LegalgraphError naming the archive.
    """
    skipped = skipped if skipped is not None else []
    try:
        with tarfile.open(archive, mode="r|gz") as tar:
            for info in tar:
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
                    skipped.append(f"{info.name}: skipped, {info.size:,} bytes is over the {member_limit:,}-byte limit")
                    continue
                f = tar.extractfile(info)
                if f is None:
                    continue
                yield Member(path=info.name, kind=kind, data=f.read())
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise LegalgraphError(f"corrupt or truncated archive ({exc})", str(archive)) from None


def parse_deletions(data: bytes) -> list[str]:
    """The DILA ids a deletion list names (one archive path per line, without '.xml')."""
    ids = []
    for line in data.decode("utf-8", "replace").splitlines():
        m = _ID.search(line.strip().rsplit("/", 1)[-1])
        if m:
            ids.append(m.group(0))
    return ids
