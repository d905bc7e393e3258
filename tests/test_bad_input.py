"""Bad input is safe: each bad file gives one InputError naming the file and the reason, and nothing else.

Covers empty, binary, wrongly encoded, truncated, hostile (DOCTYPE entities: billion laughs, XXE), oversized,
unknown and invalid files, directories and missing files; the CLI keeps going past a bad file; and a property test
feeds random and mutated real files to ``legalgraph.parse``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import legalgraph
from legalgraph.cli import main
from legalgraph.errors import InputError, LegalgraphError
from legalgraph.read import detect_format, read_source
from legalgraph.read.decode import MAX_BYTES_ENV, max_bytes
from legalgraph.read.safexml import make_parser, parse_xml
from tests.conftest import CORPUS, DILA

ARRETE_XML = DILA / "jorfsimple" / "jorf_texte_arrete_JORFTEXT000054708438.xml"
CORPUS_TXT = CORPUS / "2004-07-15_agent-controle-metrologie__article-1.txt"
CORPUS_MD = CORPUS / "2015-02-17_modif_cariste-entrepot.md"
CONSULT_JORF = DILA / "piste-api" / "consult-jorf_response_JORFTEXT000042665307.json"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE TEXTE [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<TEXTE><TITREFULL>&lol9;</TITREFULL></TEXTE>
"""
XXE_FILE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEXTE [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
    b"<TEXTE><ID>JORFTEXT000000000001</ID><TITREFULL>&xxe;</TITREFULL></TEXTE>\n"
)
XXE_PARAMETER = (
    b'<!DOCTYPE TEXTE [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>'
    b"<TEXTE><TITREFULL>x</TITREFULL></TEXTE>"
)
XXE_NO_DECLARATION = b'<!DOCTYPE TEXTE [<!ENTITY x SYSTEM "file:///etc/passwd">]><TEXTE>&x;</TEXTE>'


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path: Path | str, *fragments: str) -> InputError:
    """``legalgraph.read(path)`` raises one InputError whose message names the file and says each fragment."""
    with pytest.raises(InputError) as info:
        legalgraph.read(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert info.value.path == str(path)
    for fragment in fragments:
        assert fragment in message, message
    return info.value


# ---- one case per kind of bad file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b" \n\t\r\n  ", "empty file"),
        ("empty.xml", b"", "empty file"),
        ("garbage.bin", random.Random(7).randbytes(5000), "binary data"),
        ("nul.txt", b"Arr\x00\x00t\x00\x00\x00 du 1er janvier", "binary data"),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n", "a PDF document"),
        ("copy.docx", b"PK\x03\x04\x14\x00\x06\x00" + bytes(40), "ZIP archive"),
        ("JORFSIMPLE_20260819-003035.tar.gz", b"\x1f\x8b\x08\x00" + bytes(30), "gzip archive"),
        ("other.xml", b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "unknown XML root <rss>"),
        ("bare.xml", b"<catalogue><item/></catalogue>", "unknown XML root <catalogue>"),
        ("only-prolog.xml", b'<?xml version="1.0"?>\n<!-- nothing -->\n', "no root element"),
        ("schema.dtd", b'<?xml version="1.0"?>\n<!ELEMENT TEXTE (META)>\n', "a DTD"),
        (
            "bad.json",
            b'{"cid": "JORFTEXT000000000001",\n  "title": "x",\n  "articles": [1, 2,]\n}',
            "line 3, column",
        ),
        ("unclosed.json", b'{"title": "Arr\xc3\xaat\xc3\xa9", "articles": [', "invalid JSON at line 1"),
        ("deep.json", b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
        ("array.json", b'[{"id": "JORFTEXT000000000001"}]', "a JSON array of 1 items, not a text"),
        ("token.json", b'{"access_token": "s3cr3t-t0k3n", "token_type": "Bearer"}', "OAuth token"),
        (
            "lastn.json",
            (DILA / "piste-api" / "consult-lastNJo_response_2020-12-05.json").read_bytes(),
            "lastNJo",
        ),
        ("other.json", b'{"foo": 1, "bar": [2]}', "keys 'foo', 'bar'"),
        ("huge-int.json", b'{"title": "x", "articles": [], "n": ' + b"9" * 5000 + b"}", "invalid JSON"),
        ("deep.xml", b"<TEXTE>" + b"<p>" * 300 + b"x" + b"</p>" * 300 + b"</TEXTE>", "nested too deeply"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "",
)
def test_bad_file_gives_one_input_error_naming_it(tmp_path, name, data, reason):
    error = refused(write(tmp_path, name, data), reason)
    assert "s3cr3t" not in str(error), "a token is never echoed"


@pytest.mark.parametrize("cut", [20, 40, 60, 200, 1500, 3000, -30, -4, -2])
def test_truncated_xml_says_truncated_and_where(tmp_path, cut):
    data = ARRETE_XML.read_bytes()
    error = refused(write(tmp_path, "truncated.xml", data[:cut]), "truncated XML")
    if cut > 40:  # past the prolog: lxml tells where the data stops
        assert "the document ends before it is complete" in error.reason
        assert "line " in error.reason and "column " in error.reason


def test_malformed_xml_in_the_middle_gives_its_line(tmp_path):
    data = ARRETE_XML.read_bytes().replace(b"<NOR>ARMM2621619A</NOR>", b"<NOR>ARMM2621619A</NR>")
    error = refused(write(tmp_path, "broken.xml", data), "malformed XML at line 12")
    assert "NOR" in error.reason


@pytest.mark.parametrize(
    "data", [BILLION_LAUGHS, XXE_FILE, XXE_PARAMETER, XXE_NO_DECLARATION], ids=["laughs", "xxe", "pe", "bare"]
)
def test_doctype_entities_are_refused_never_expanded(tmp_path, data):
    error = refused(write(tmp_path, "evil.xml", data), "declares entities", "nothing was expanded or fetched")
    assert "root:" not in str(error) and "lollol" not in str(error)
    with pytest.raises(InputError, match="declares entities"):
        parse_xml(data)  # the nightly job's entry point refuses it too


def test_external_dtd_is_never_loaded(tmp_path):
    dtd = write(tmp_path, "texte.dtd", b'<!ENTITY secret "EXTERNAL-SECRET">')
    data = (
        f'<?xml version="1.0"?><!DOCTYPE TEXTE SYSTEM "{dtd.as_uri()}"><TEXTE><ID>JORFTEXT000000000002</ID>'
        "<TITREFULL>Arrêté du 2 janvier 2020 &secret;</TITREFULL></TEXTE>"
    ).encode()
    st = read_source(write(tmp_path, "doctype.xml", data))
    assert "EXTERNAL-SECRET" not in st.text
    assert st.text.startswith("Arrêté du 2 janvier 2020")
    assert any("DTDs are never loaded" in w for w in st.warnings)
    # A DTD that is not one (think /etc/passwd) would make libxml2 fail if it were ever read.
    passwd = write(tmp_path, "passwd", b"root:x:0:0:root:/root:/bin/bash\n")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE TEXTE SYSTEM "{passwd}"><TEXTE><TITREFULL>Arrêté</TITREFULL></TEXTE>'
    )
    assert read_source(write(tmp_path, "doctype2.xml", data.encode())).text == "Arrêté"


def test_the_safe_parser_options_cannot_be_weakened():
    with pytest.raises(ValueError, match="resolve_entities"):
        make_parser(resolve_entities=True)
    with pytest.raises(ValueError, match="no_network"):
        make_parser(no_network=False)
    with pytest.raises(ValueError, match="collect_ids"):
        make_parser(collect_ids=False)  # it makes libxml2 read the external DTD subset
    assert make_parser(remove_blank_text=True) is not None  # harmless options may be added


def test_size_limit_from_the_environment(tmp_path, monkeypatch):
    path = write(tmp_path, "big.txt", b"Arr\xc3\xaat\xc3\xa9 du 1er janvier 2020\n" * 20)
    monkeypatch.setenv(MAX_BYTES_ENV, "100")
    refused(path, "over the size limit", "> 100", MAX_BYTES_ENV)
    with pytest.raises(InputError, match="size limit"):
        legalgraph.read(path.read_bytes(), path="in-memory.txt")
    xml = write(tmp_path, "big.xml", ARRETE_XML.read_bytes())
    refused(xml, "over the size limit")
    monkeypatch.setenv(MAX_BYTES_ENV, "4K")
    assert max_bytes() == 4096
    legalgraph.read(xml)  # 3 107 bytes: under 4 KiB
    monkeypatch.setenv(MAX_BYTES_ENV, "lots")
    with pytest.raises(LegalgraphError, match="not a size"):
        legalgraph.read(path)
    monkeypatch.delenv(MAX_BYTES_ENV)
    assert max_bytes() == 50 * 1024 * 1024


def test_directory_and_missing_file(tmp_path):
    refused(tmp_path, "is a directory")
    refused(tmp_path / "nowhere.txt", "no such file")


def test_cp1252_and_latin1_copies_are_decoded_with_a_warning(tmp_path):
    good = read_source(CORPUS_TXT)
    text = CORPUS_TXT.read_text(encoding="utf-8")
    for encoding in ("cp1252", "latin-1"):
        st = read_source(write(tmp_path, f"{encoding}.txt", text.encode(encoding)))
        assert st.text == good.text
        assert st.source.encoding == "cp1252"  # cp1252 reads every latin-1 letter the same way
        assert any("decoded as cp1252" in w for w in st.warnings)


def test_utf8_with_a_few_bad_bytes_stays_utf8(tmp_path):
    data = CORPUS_TXT.read_bytes().replace(b"\n", b"\n\x92", 1)  # one stray cp1252 apostrophe
    st = read_source(write(tmp_path, "damaged.txt", data))
    assert "\ufffd" in st.text and "Arrêté" in st.text, "the rest stays UTF-8, no mojibake"
    assert st.source.encoding == "utf-8-lossy"
    assert any("replaced by U+FFFD" in w for w in st.warnings)
    xml = ARRETE_XML.read_bytes().replace(b"Alice RUFO", b"Alice RUFO\x92")
    st = read_source(write(tmp_path, "damaged.xml", xml))
    assert st.meta["title"] == read_source(ARRETE_XML).meta["title"]
    assert any("replaced by U+FFFD" in w for w in st.warnings)


def test_cp1252_copy_of_dila_xml_is_decoded_with_a_warning(tmp_path):
    good = read_source(ARRETE_XML)
    data = ARRETE_XML.read_text(encoding="utf-8").encode("cp1252")
    st = read_source(write(tmp_path, "cp1252.xml", data))
    assert st.text == good.text and st.meta["nor"] == "ARMM2621619A"
    assert st.source.encoding == "cp1252"
    assert any("decoded as cp1252" in w for w in st.warnings)


def test_declared_latin1_xml_is_read_without_warning(tmp_path):
    data = ARRETE_XML.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    st = read_source(write(tmp_path, "latin1.xml", data.encode("latin-1")))
    assert st.text == read_source(ARRETE_XML).text
    assert st.source.encoding == "iso-8859-1" and st.warnings == []


def test_utf16_xml_with_bom_is_read(tmp_path):
    data = ARRETE_XML.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = write(tmp_path, "utf16.xml", data.encode("utf-16"))
    assert detect_format(path.read_bytes()).value == "dila-xml"
    assert read_source(path).text == read_source(ARRETE_XML).text


def test_detection_of_xml_json_and_html():
    assert detect_format(BILLION_LAUGHS).value == "dila-xml"
    assert detect_format(XXE_NO_DECLARATION).value == "dila-xml"
    assert (
        detect_format(b'<?xml version="1.0"?><!DOCTYPE html><html><body><p>x</p></body></html>').value
        == "html"
    )
    assert detect_format(b"<!DOCTYPE html>\n<html><p>Arr\xc3\xaat\xc3\xa9</p></html>").value == "html"
    assert detect_format(b'[{"a": 1}]').value == "piste-json"
    assert detect_format(b"[Version en vigueur]\nArticle 1").value == "text"
    assert detect_format(b"<< Retour\nArticle 1").value == "text"


# ---- the CLI keeps going ---------------------------------------------------------------------------------


def test_cli_parse_prints_the_good_records_and_one_error_line(tmp_path, capsys):
    good = write(tmp_path, "good.txt", CORPUS_TXT.read_bytes())
    bad = write(tmp_path, "bad.xml", ARRETE_XML.read_bytes()[:1500])
    good2 = write(tmp_path, "good2.md", CORPUS_MD.read_bytes())
    status = main(["parse", str(good), str(bad), str(good2), "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert status != 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source"]["path"] for r in records] == [str(good), str(good2)]
    assert err.splitlines() == [err.strip()] and err.startswith(f"legalgraph: {bad}: truncated XML")
    assert "Traceback" not in err


def test_cli_text_reports_a_missing_file_and_goes_on(tmp_path, capsys):
    status = main(["text", str(tmp_path / "missing.txt"), str(CORPUS_TXT)])
    out, err = capsys.readouterr()
    assert status == 1 and "no such file" in err and out.strip()


# ---- property: nothing but LegalgraphError ever comes out ------------------------------------------------


def _small_consult_jorf() -> bytes:
    """The real /consult/jorf response trimmed to its first two parts, so mutations stay cheap."""
    data = json.loads(CONSULT_JORF.read_text(encoding="utf-8"))
    data["sections"] = [s for s in data["sections"] if s["title"].startswith(("PREMIÈRE", "DEUXIÈME"))]
    data["signers"] = data["signers"][:400] + "</p>"
    data.pop("prepWork")
    return json.dumps(data, ensure_ascii=False).encode()


SEEDS = [
    ARRETE_XML.read_bytes(),
    (DILA / "jorfsimple" / "jorf_texte_nomination_JORFTEXT000054708776.xml").read_bytes(),
    (DILA / "legi" / "LEGIARTI000006398122.xml").read_bytes(),
    (DILA / "legi" / "texte-version_LEGITEXT000006069565.xml").read_bytes(),
    (DILA / "legi" / "LEGISCTA000006088000.xml").read_bytes(),
    (DILA / "jorf-fixture-excerpts" / "texte-struct_JORFTEXT000030611441_decret-2015-543.xml").read_bytes(),
    (DILA / "jorf-fixture-excerpts" / "JORFCONT000000000001_JO-1993.xml").read_bytes(),
    CORPUS_TXT.read_bytes(),
    CORPUS_MD.read_bytes(),
    (CORPUS / "2023-07-05_conseiller-commercial__part-article-6.txt").read_bytes(),
    _small_consult_jorf(),
    BILLION_LAUGHS,
    b'{"cid": "JORFTEXT000000000001", "title": "Arr\xc3\xaat\xc3\xa9", "articles": [{"num": "1", "content": "<p>x</p>"}],'
    b' "sections": [{"title": "Annexe", "sections": [], "articles": []}], "visa": "<p>Vu</p>", "dateTexte": 0}',
]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "duplicate", "splice"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] ^= draw(st.integers(1, 255))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(
                st.one_of(
                    st.binary(min_size=1, max_size=16),
                    st.sampled_from(
                        [
                            b"<",
                            b">",
                            b"&",
                            b"]]>",
                            b"<!--",
                            b"<![CDATA[",
                            b'"',
                            b"\\u0000",
                            b"{",
                            b"[",
                            b"\xff\xfe",
                        ]
                        + [
                            b"<!DOCTYPE x [<!ENTITY e 'v'>]>",
                            b"&lol9;",
                            b"<ARTICLE><NUM>",
                            b"</STRUCT>",
                            b"null",
                        ]
                    ),
                )
            )
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
        elif op == "duplicate":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 256))]
        else:  # splice the head of one seed onto the tail of another
            other = draw(st.sampled_from(SEEDS))
            data = data[:pos] + other[draw(st.integers(0, len(other) - 1)) :]
    return bytes(data)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.one_of(st.binary(max_size=2048), mutated()))
def test_parse_raises_nothing_but_legalgraph_errors(data):
    try:
        doc = legalgraph.parse(data, path="fuzz")
    except LegalgraphError as exc:
        assert str(exc).strip()
        return
    assert isinstance(doc.text, str)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(mutated())
def test_read_gives_exact_blocks_on_mutated_input(data):
    try:
        st_ = read_source(data, path="fuzz")
    except LegalgraphError:
        return
    for b in st_.blocks:
        assert 0 <= b.start <= b.end <= len(st_.text)
        if b.kind != "break":  # a BREAK marks a boundary and may be empty
            part = st_.text[b.start : b.end]
            assert part and part == part.strip()
