"""Fixture archives in DILA's layout, built by the tests from real XML files and from corpus texts.

Corpus texts are wrapped in the JORFSIMPLE `TEXTE` envelope documented in dila-formats.md; such fixtures are
named "wrapped-…" and carry ids starting with 9 (JORFTEXT9…), which no real DILA text has.
"""

from __future__ import annotations

import gzip
import io
import re
import tarfile
from pathlib import Path
from xml.sax.saxutils import escape

import legalgraph

ROOT = Path(__file__).resolve().parents[2]
DILA = ROOT / "tests" / "data" / "dila"
CORPUS = ROOT / "corpus" / "texts"

REAL_ARRETE = DILA / "jorfsimple" / "jorf_texte_arrete_JORFTEXT000054708438.xml"  # délégation de signature
REAL_NOMINATION = DILA / "jorfsimple" / "jorf_texte_nomination_JORFTEXT000054708776.xml"
REAL_SOMMAIRE = DILA / "jorfsimple" / "jorf_sommaire_JORFCONT000054706874.xml"


def shard(dila_id: str) -> str:
    """DILA's folder sharding: the first 10 of the 12 digits, in pairs."""
    digits = dila_id[-12:]
    return "/".join(digits[i : i + 2] for i in range(0, 10, 2))


def simple_path(stamp: str, container: str, text_id: str) -> str:
    return f"{stamp}/jorf/simple/JORF/CONT/{shard(container)}/{container}/{text_id}.xml"


def wrapped_id(n: int) -> str:
    return f"JORFTEXT9{n:011d}"


def wrap_corpus_text(file_name: str, text_id: str, publi: str = "2026-01-01") -> bytes:
    """A corpus text in the JORFSIMPLE envelope: its parts as legalgraph reads them, in DILA's elements."""
    doc = legalgraph.read(CORPUS / file_name)
    visas = "<br/>".join(escape(v.text) for v in doc.visas)
    articles = "".join(
        f"<ARTICLE><ID>JORFARTI9{i:011d}</ID><NUM>{escape(a.number)}</NUM>"
        f"<BLOC_TEXTUEL><CONTENU><p>{escape(a.text).replace(chr(10), '<br/>')}</p></CONTENU></BLOC_TEXTUEL></ARTICLE>"
        for i, a in enumerate(doc.articles, 1)
    )
    sign = f"<p>Fait le {escape(doc.signature_date or '')}</p>" if doc.signature_date else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<TEXTE>'
        f"<ID>{text_id}</ID><ORIGINE>JORF</ORIGINE><NATURE>{str(doc.nature).upper()}</NATURE>"
        f"<NOR>{escape(doc.nor or '')}</NOR><DATE_PUBLI>{publi}</DATE_PUBLI><DATE_TEXTE>{doc.date or ''}</DATE_TEXTE>"
        f"<TITRE>{escape(doc.title or '')}</TITRE><TITREFULL>{escape(doc.title or '')}</TITREFULL>"
        f"<VISAS><CONTENU><p>{visas}</p></CONTENU></VISAS><STRUCT>{articles}"
        f"<SIGNATAIRES><CONTENU>{sign}</CONTENU></SIGNATAIRES></STRUCT></TEXTE>"
    ).encode()


def write_archive(folder: Path, name: str, members: dict[str, bytes]) -> Path:
    path = folder / name
    with tarfile.open(path, "w:gz") as tar:
        for member_name, data in members.items():
            info = tarfile.TarInfo(member_name)
            info.size = len(data)
            info.mtime = 1_700_000_000
            tar.addfile(info, io.BytesIO(data))
    return path


def apache_size(size: int) -> str:
    """A size as Apache's index shows it (apr_strfsize): "512", "9.5K", "328K", "1.0G"."""
    if size < 973:
        return str(size)
    for unit in "KMGT":
        size_f = size / 1024
        if size_f < 973 or unit == "T":
            return f"{size_f:.1f}{unit}" if size_f < 9.95 else f"{round(size_f)}{unit}"
        size = int(size_f)
    raise AssertionError("unreachable")


def index_row(name: str, size: int | str, listed: str | None = None, href: str | None = None) -> str:
    """One row of an Apache index: the link, its "Last modified" (by default the time its stamp says) and size."""
    m = re.search(r"(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})", name)
    listed = listed or (f"{m[1]}-{m[2]}-{m[3]} {m[4]}:{m[5]}" if m else "2026-07-28 00:36")
    size = apache_size(size) if isinstance(size, int) else size
    return (
        f'<img src="/icons/compressed.gif" alt="[   ]"> <a href="{href or name}">{name}</a>'
        f"                        {listed}  {size}"
    )


def write_index(folder: Path, title: str = "/OPENDATA/JORFSIMPLE", extra_rows: tuple[str, ...] = ()) -> Path:
    """An Apache "Index of" page in DILA's format listing the archives of ``folder`` (and ``extra_rows``)."""
    rows = [index_row(p.name, p.stat().st_size) for p in sorted(folder.glob("*.tar.gz"))] + list(extra_rows)
    html = (
        f"<html><head><title>Index of {title}</title></head><body><h1>Index of {title}</h1>\n<pre>"
        '<img src="/icons/blank.gif" alt="Icon "> <a href="?C=N;O=D">Name</a>   <a href="?C=M;O=A">Last modified</a>'
        '<hr><img src="/icons/back.gif" alt="[PARENTDIR]"> <a href="/OPENDATA/">Parent Directory</a>\n'
        '<img src="/icons/layout.gif" alt="[   ]"> <a href="Avertissement_metadonnees_20181019.pdf">'
        "Avertissement_metadonnees_20181019.pdf</a> 2018-10-19 14:17  185K\n"
        + "\n".join(rows)
        + "\n<hr></pre></body></html>"
    )
    index = folder / "index.html"
    index.write_text(html, encoding="utf-8")
    return index


def tar_bytes(members: dict[str, bytes], end_blocks: bool = True) -> bytes:
    """An uncompressed tar of ``members``; without its end-of-archive blocks when ``end_blocks`` is False
    (what a tar cut at a member boundary looks like)."""
    out = io.BytesIO()
    for member_name, data in members.items():
        info = tarfile.TarInfo(member_name)
        info.size, info.mtime = len(data), 1_700_000_000
        out.write(info.tobuf(format=tarfile.GNU_FORMAT))
        out.write(data + bytes(-len(data) % tarfile.BLOCKSIZE))
    if end_blocks:
        out.write(bytes(2 * tarfile.BLOCKSIZE))
    return out.getvalue()


def write_cut_archive(folder: Path, name: str, members: dict[str, bytes], keep: int) -> Path:
    """An archive holding only the first ``keep`` members and no end blocks, gzipped whole (valid gzip):
    a tar cut at a member boundary, then compressed — ``tarfile`` reads it as a smaller, valid archive."""
    path = folder / name
    path.write_bytes(gzip.compress(tar_bytes(dict(list(members.items())[:keep]), end_blocks=False), mtime=0))
    return path


def cut_file(path: Path, fraction: float) -> Path:
    """Keep the first ``fraction`` of a file's bytes: a download cut mid-member."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    return path
