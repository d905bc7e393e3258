"""SYNTHETIC large files for the file-size benchmark, made by repeating the articles of one real corpus text.

Real arrêtés are a few kB to ~100 kB; the reader accepts up to 50 MB (``LEGALGRAPH_MAX_BYTES``). To see how cost
grows with size, `synthetic_text` keeps the head of a real text (its title, authority and visas) and repeats its
articles, renumbered ("Article 1" … "Article 3", then "Article 4" … "Article 6"…), until the text has the size
asked for. The result is NOT a real legal text: it is written to a temporary folder by `write_scale_file`, under
a name that says ``synthetic``, and never to corpus/.

    python -m bench.scale_files 4 /tmp/legalgraph-scale    # writes /tmp/legalgraph-scale/synthetic-4mb.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "texts"
# a plain-text copy of a JO page: title, authority, visas, then numbered articles
SEED = CORPUS / "2003-12-22_technicien-controle-non-destructif.txt"
_ARTICLE = re.compile(r"^Article (\d+)$", re.M)
MB = 1_000_000


def synthetic_text(size: int, seed: Path = SEED) -> str:
    """A SYNTHETIC text of about ``size`` bytes (UTF-8): ``seed``'s head, then its articles repeated, renumbered."""
    text = seed.read_text(encoding="utf-8")
    first = _ARTICLE.search(text)
    if first is None:
        raise ValueError(f"{seed}: no 'Article N' heading to repeat")
    head, articles = text[: first.start()], text[first.start() :].rstrip("\n") + "\n\n"
    count = len(_ARTICLE.findall(articles))
    block_bytes = len(articles.encode("utf-8"))
    parts, total, lot = [head], len(head.encode("utf-8")), 0
    while total < size:
        shift = lot * count
        parts.append(_ARTICLE.sub(lambda m, s=shift: f"Article {int(m.group(1)) + s}", articles))
        total += block_bytes + 2 * len(str(shift))  # close enough: renumbering adds a few digits
        lot += 1
    return "".join(parts)


def write_scale_file(folder: Path, megabytes: float) -> Path:
    """``folder``/synthetic-<N>mb.txt, a SYNTHETIC text of ``megabytes`` MB (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    label = f"{megabytes:g}".replace(".", "_")
    path = folder / f"synthetic-{label}mb.txt"
    if not path.exists():
        path.write_text(synthetic_text(int(megabytes * MB)), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_scale_file(Path(sys.argv[2]), float(sys.argv[1])))
