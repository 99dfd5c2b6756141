"""The ingest stage: every supported format, dates, ids, stdin, hostile input, streaming."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sys
from itertools import islice
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.ingest.common
from kg.cli import app
from kg.errors import InputError
from kg.ingest import normalise_date, normalise_text, read_articles, sanitise_id
from kg.records import Article

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
CORPORA = REPO.parent / "shared" / "corpora"

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Pact signed | Example News</title>
<meta property="og:title" content="Russia and North Korea sign pact">
<meta property="article:published_time" content="2024-06-19T08:30:00+00:00">
<link rel="canonical" href="https://example.org/news/pact">
<style>p { color: red }</style><script>var tracking = "do not read me";</script></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>Russia and North Korea sign pact</h1>
<p>The leaders of Russia and North Korea signed a pact in Pyongyang on Wednesday.</p>
<p>The agreement requires mutual military assistance &amp; closer trade ties.</p>
</article></main>
<aside>Most read: celebrity news</aside>
<footer>Copyright Example News. <a href="/privacy">Privacy</a></footer>
</body></html>
"""

SHORT_PAGE = """<html><head><title>Kim visits Moscow</title></head>
<body><nav>Home | World | Sport</nav>
<h1>Kim in Moscow</h1><time datetime="2023-09-13">13 September</time>
<p>Kim Jong-un arrived in Moscow by train.</p>
<p>He met Vladimir Putin<br>at a space centre.</p>
<footer>All rights reserved</footer></body></html>
"""


def hash_of(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def expected_id(spec: str, title: str, body: str) -> str:
    """An article's id spelt out: "text" (hash of its text), "url:<url>" or the id itself."""
    if spec == "text":
        return f"text-{hash_of(title, body)[:20]}"
    if spec.startswith("url:"):
        url = spec[4:]
        readable = url.split("://", 1)[1].replace("/", "-").replace(":", "-")
        return f"url-{readable}-{short_hash(url)}"
    return spec


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


def only(paths: list[str | Path]) -> Article:
    (article,) = list(read_articles(paths))
    return article


def error_of(paths: list[str | Path], *, strict: bool = True) -> str:
    with pytest.raises(InputError) as caught:
        list(read_articles(paths, strict=strict))
    return str(caught.value)


# --- one table per format -----------------------------------------------------------

FORMATS = [
    pytest.param(
        "plain.txt",
        "Putin meets Kim\n\nPutin met Kim in Pyongyang.\n\nThey signed a pact.\n",
        ("text", "Putin meets Kim", "Putin met Kim in Pyongyang.\n\nThey signed a pact.", None),
        id="txt",
    ),
    pytest.param(
        "dated.txt",
        "\n\nSaturday, October 5, 2024\n\nRussia and North Korea sign pact\n\nMust read\n\nBody.",
        ("text", "Russia and North Korea sign pact", "Must read\n\nBody.", "2024-10-05"),
        id="txt-dateline",
    ),
    pytest.param(
        "heading.md",
        "# Kim visits   Russia #\n\nKim travelled by train.\n",
        ("text", "Kim visits Russia", "Kim travelled by train.", None),
        id="md-heading",
    ),
    pytest.param(
        "messy.TXT",
        # CRLF, trailing spaces, four blank lines, a decomposed é (e + U+0301), a form feed.
        "Title line  \r\n\r\nCafe\u0301 talks   \r\n\r\n\r\n\r\n\r\nEnd.\x0c\r\n",
        ("text", "Title line", "Caf\u00e9 talks\n\nEnd.", None),
        id="txt-normalised",
    ),
    pytest.param(
        "page.html",
        PAGE,
        (
            "url:https://example.org/news/pact",
            "Russia and North Korea sign pact",
            "The leaders of Russia and North Korea signed a pact in Pyongyang on Wednesday."
            "\n\nThe agreement requires mutual military assistance & closer trade ties.",
            "2024-06-19T08:30:00+00:00",
        ),
        id="html",
    ),
    pytest.param(
        "short.htm",
        SHORT_PAGE,
        (
            "text",
            "Kim visits Moscow",
            "Kim Jong-un arrived in Moscow by train.\n\nHe met Vladimir Putin at a space centre.",
            "2023-09-13",
        ),
        id="htm-short",
    ),
    pytest.param(
        "wire.jsonl",
        '{"id": "wire 1", "title": "PACT SIGNED", "date": "October 5, 2024",'
        ' "url": "https://example.org/1", "text": "Russia signed.\\r\\n\\r\\nKim agreed.  "}\n',
        (
            f"wire-1-{short_hash('wire 1')}",
            "PACT SIGNED",
            "Russia signed.\n\nKim agreed.",
            "2024-10-05",
        ),
        id="jsonl",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), FORMATS)
def test_each_format_reads_to_one_article(
    tmp_path: Path, name: str, content: str, expected: tuple[str, str, str, str | None]
) -> None:
    path = write(tmp_path / name, content)
    article = only([path])
    spec, *rest = expected
    assert (article.title, article.body, article.date) == tuple(rest)
    assert article.id == expected_id(spec, article.title, article.body)
    assert article.source == str(path) + ("#1" if name.endswith(".jsonl") else "")
    assert article.content_hash == hash_of(article.title, article.body)


def test_html_keeps_metadata_and_drops_boilerplate(tmp_path: Path) -> None:
    article = only([write(tmp_path / "page.html", PAGE)])
    assert article.url == "https://example.org/news/pact"
    for boilerplate in ("Home", "Privacy", "celebrity", "tracking", "color"):
        assert boilerplate not in article.body


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ('<meta property="og:title" content="From OG"><title>From title</title>', "From OG"),
        ("<title>From title</title>", "From title"),
        ("", "From h1"),
    ],
)
def test_html_title_prefers_og_then_title_then_h1(tmp_path: Path, head: str, title: str) -> None:
    page = f"<html><head>{head}</head><body><h1>From h1</h1><p>Putin met Kim.</p></body></html>"
    assert only([write(tmp_path / "t.html", page)]).title == title


def test_html_date_falls_back_to_htmldate(tmp_path: Path) -> None:
    page = (
        '<html><head><meta name="parsely-pub-date" content="2023-03-03T10:00:00Z">'
        "</head><body><p>Putin met Kim.</p></body></html>"
    )
    article = only([write(tmp_path / "d.html", page)])
    assert article.date == "2023-03-03"
    assert article.url is None


def test_html_declared_charset_is_used_when_not_utf8(tmp_path: Path) -> None:
    page = '<html><head><meta charset="koi8-r"></head><body><p>Путин</p></body></html>'
    path = write(tmp_path / "ru.html", page.encode("koi8-r"))
    assert only([path]).body == "Путин"


def test_jsonl_keeps_url_and_a_lone_path_is_one_input(tmp_path: Path) -> None:
    path = write(tmp_path / "u.jsonl", '{"text": "Kim spoke.", "url": " https://e.org/1 "}\n')
    assert only([path]).url == "https://e.org/1"
    assert [a.id for a in read_articles(str(path))] == [expected_id("url:https://e.org/1", "", "")]


def test_jsonl_without_id_title_or_date(tmp_path: Path) -> None:
    lines = ['{"text": "First."}', "", "   ", '{"text": "Second.", "title": null, "date": ""}']
    path = write(tmp_path / "feed 2024.jsonl", "\n".join(lines) + "\n")
    first, second = read_articles([path])
    assert (first.title, first.body, first.date) == ("", "First.", None)
    assert first.id == expected_id("text", "", "First.")
    assert (second.id, second.source) == (expected_id("text", "", "Second."), f"{path}#4")
    assert first.text == "First."


def test_jsonl_gz_and_numeric_id(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": 7, "text": "Kim spoke.", "date": "1987-02-26T15:01:01"}))
    article = only([path])
    assert (article.id, article.date, article.source) == ("7", "1987-02-26T15:01:01", f"{path}#1")


# --- dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-10-05", "2024-10-05"),
        ("2024-10-05T12:00", "2024-10-05T12:00:00"),
        ("2024-10-05T12:00:00Z", "2024-10-05T12:00:00+00:00"),
        ("2024-10-05 12:00:00+02:00", "2024-10-05T12:00:00+02:00"),
        ("October 5, 2024", "2024-10-05"),
        ("Saturday, October 5, 2024", "2024-10-05"),
        ("5 Oct. 2024", "2024-10-05"),
        ("October 5th, 2024", "2024-10-05"),
        ("Sat 5 Oct 2024 10.15 BST", "2024-10-05"),
        ("Updated 14:20 EDT, Fri June 21, 2024", "2024-06-21"),
        ("Published: 19 June 2024", "2024-06-19"),
        ("Fri, 21 Jun 2024 06:01:00 GMT", "2024-06-21"),
        # Not dates, or not whole dates: these must never become Article.date.
        ("2024-13-05", None),
        ("October 2024", None),
        ("21/06/2024", None),
        ("Must read", None),
        ("March 3 2024 was a busy day", None),
        ("", None),
    ],
)
def test_normalise_date(text: str, expected: str | None) -> None:
    assert normalise_date(text) == expected


@pytest.mark.parametrize(
    ("first_line", "date", "title"),
    [
        ("Saturday, October 5, 2024", "2024-10-05", "Headline"),
        ("2024-10-05T09:30:00", "2024-10-05", "Headline"),
        ("Sat 5 Oct 2024 10.15 BST", "2024-10-05", "Headline"),
        ("Putin met Kim on October 5, 2024", None, "Putin met Kim on October 5, 2024"),
        ("October 2024", None, "October 2024"),
    ],
)
def test_date_line_detection(tmp_path: Path, first_line: str, date: str | None, title: str) -> None:
    article = only([write(tmp_path / "a.txt", f"{first_line}\nHeadline\n\nBody.\n")])
    assert (article.date, article.title) == (date, title)


def test_a_file_that_is_only_a_date_is_its_title(tmp_path: Path) -> None:
    article = only([write(tmp_path / "a.txt", "October 5, 2024\n")])
    assert (article.title, article.body, article.date) == ("October 5, 2024", "", None)


# --- text, ids, collisions ------------------------------------------------------------


def test_normalise_text() -> None:
    assert normalise_text("\n a  \r\nb\t \r\r\r\rc\u200b\x07\n\n") == " a\nb\n\nc\u200b"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Putin & Kim (2024)", "Putin---Kim--2024-"),
        ("bbc-business-001", "bbc-business-001"),
        ("a.b_c-D9", "a.b_c-D9"),
        ("Москва", "------"),
    ],
)
def test_sanitise_id(raw: str, expected: str) -> None:
    assert sanitise_id(raw) == expected


def test_the_file_name_is_only_the_source(tmp_path: Path) -> None:
    article = only([write(tmp_path / "Putin & Kim (2024).txt", "T\n\nB")])
    assert (article.id, article.source) == (
        expected_id("text", "T", "B"),
        f"{tmp_path}/Putin & Kim (2024).txt",
    )


IDENTITY = [
    # (what the inputs are, records or files -> the ids they get)
    pytest.param(
        {"a/index.txt": "Summit\n\nPutin met Kim.", "b/index.txt": "Pact\n\nThey signed."},
        [
            expected_id("text", "Summit", "Putin met Kim."),
            expected_id("text", "Pact", "They signed."),
        ],
        id="same file name in two folders: two articles",
    ),
    pytest.param(
        {
            "today/news.jsonl": '{"text": "Putin met Kim."}\n',
            "tomorrow/news.jsonl": '{"text": "Kim left."}\n',
        },
        [expected_id("text", "", "Putin met Kim."), expected_id("text", "", "Kim left.")],
        id="tomorrow's news.jsonl adds to today's",
    ),
    pytest.param(
        {
            "f.jsonl": '{"url": "https://e.org/a/b", "text": "One."}\n'
            '{"url": "https://e.org/a-b", "text": "Two."}\n'
        },
        [
            expected_id("url:https://e.org/a/b", "", ""),
            f"url-e.org-a-b-{short_hash('https://e.org/a-b')}",
        ],
        id="URLs that sanitise alike stay apart",
    ),
    pytest.param(
        {
            "f.jsonl": '{"id": "a/b", "url": "https://e.org/1", "text": "One."}\n'
            '{"id": "a-b", "text": "Two."}\n'
        },
        [f"a-b-{short_hash('a/b')}", "a-b"],
        id="the record id wins over the URL; ids that sanitise alike stay apart",
    ),
    pytest.param(
        {"a.txt": "Same\n\nText.", "b.md": "Same\n\nText."},
        [expected_id("text", "Same", "Text.")] * 2,
        id="the same text twice is one article, read twice (the store keeps it once)",
    ),
    pytest.param(
        {"f.jsonl": '{"id": "x", "text": "Old."}\n{"id": "x", "text": "New."}\n'},
        ["x", "x"],
        id="a changed text under the same id comes again (the store replaces it)",
    ),
]


@pytest.mark.parametrize(("files", "ids"), IDENTITY)
def test_identity(tmp_path: Path, files: dict[str, str], ids: list[str]) -> None:
    for name, content in files.items():
        write(tmp_path / name, content)
    assert [article.id for article in read_articles([tmp_path])] == ids
    # Deterministic: a second run gives the same ids.
    assert [article.id for article in read_articles([tmp_path])] == ids


def test_folders_are_recursive_sorted_and_skip_hidden_and_unsupported(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.md", "a/b.htm", ".hidden.txt", ".git/c.txt", "notes.pdf", "c.csv"):
        write(tmp_path / name, "<p>Title</p>" if name.endswith("htm") else "Title\n\nBody.")
    sources = [article.source for article in read_articles([tmp_path])]
    assert sources == [str(tmp_path / name) for name in ("a/b.htm", "a/z.md", "b.txt")]


def test_relative_paths_stay_relative(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    write(tmp_path / "news" / "one.txt", "T\n\nB.")
    monkeypatch.chdir(tmp_path)
    assert only(["news"]).source == "news/one.txt"


def test_a_file_reached_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "one.txt", "T\n\nB.")
    assert [a.source for a in read_articles([tmp_path, path, str(path)])] == [str(path)]


# --- standard input -----------------------------------------------------------------


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("2024-10-05\n# Kim speaks\n\nKim spoke.\n"))
    article = only(["-"])
    expected_hash = hash_of("Kim speaks", "Kim spoke.")
    assert article == Article(
        id=f"text-{expected_hash[:20]}",
        title="Kim speaks",
        body="Kim spoke.",
        source="<stdin>",
        content_hash=expected_hash,
        date="2024-10-05",
    )


def test_stdin_bytes_fall_back_to_cp1252(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"Caf\xe9 talks\n\n\x93Yes,\x94 he said."))
    monkeypatch.setattr(sys, "stdin", stream)
    article = only(["-"])
    assert (article.title, article.body) == ("Café talks", "“Yes,” he said.")


def test_a_path_object_named_dash_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert error_of([Path("-")]) == "'-' does not exist; check the path."


# --- decoding -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfTitle\n\nCaf\xc3\xa9.",  # UTF-8 with a byte-order mark
        "Title\n\nCafé.".encode("utf-16"),  # UTF-16 with its byte-order mark
        b"Title\n\nCaf\xe9.",  # not UTF-8: Windows-1252
    ],
    ids=["utf8-bom", "utf16", "cp1252"],
)
def test_decoding(tmp_path: Path, data: bytes) -> None:
    article = only([write(tmp_path / "enc.txt", data)])
    assert (article.title, article.body) == ("Title", "Café.")


# --- hostile input: every message, exactly ------------------------------------------


def test_error_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "doc.pdf", "%PDF-1.4")
    write(tmp_path / "bin.txt", b"Title\n\x00\x01\x02")
    write(tmp_path / "bad.txt", b"Title \x81\x8d\x8f\x90\x9d")
    write(tmp_path / "blank.md", "\n \r\n\t\n")
    (tmp_path / "empty").mkdir()
    write(tmp_path / "only.csv/x.csv", "a,b")
    cases = {
        "missing.txt": "'missing.txt' does not exist; check the path.",
        "doc.pdf": "'doc.pdf' is not a supported article file; "
        "use .txt, .md, .html, .htm, .jsonl or .jsonl.gz.",
        "bin.txt": "'bin.txt' looks binary (it contains NUL bytes); "
        "give a text, HTML or JSON Lines file.",
        "bad.txt": "'bad.txt' is not UTF-8 and its encoding cannot be told; convert it to UTF-8.",
        "blank.md": "'blank.md' holds no article text; remove it or fill it in.",
        "empty": "folder 'empty' holds no article files; "
        "point at a folder of .txt, .md, .html, .htm, .jsonl or .jsonl.gz files.",
        "only.csv": "folder 'only.csv' holds no article files; "
        "point at a folder of .txt, .md, .html, .htm, .jsonl or .jsonl.gz files.",
    }
    for path, message in cases.items():
        assert error_of([path]) == message, path
    assert error_of(["-", "-"]) == "standard input ('-') is given more than once; give it once."


def test_empty_html_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "e.html", "<html><head><script>x()</script></head><body></body></html>")
    assert error_of(["e.html"]) == "'e.html' holds no article text; remove it or fill it in."


def test_stdin_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n  \n"))
    assert error_of(["-"]) == (
        "standard input holds no article text; pipe an article in, e.g. kg build - < article.txt."
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x7fELF\x00\x00")))
    assert error_of(["-"]) == (
        "'<stdin>' looks binary (it contains NUL bytes); give a text, HTML or JSON Lines file."
    )


JSONL_ERRORS = [
    ("not json", "is not valid JSON (Expecting value at column 1); fix or remove that line."),
    ('["text"]', 'is not a JSON object; write one {"text": ...} object per line.'),
    ('{"title": "T"}', 'has no "text" field; give each record its article text in "text".'),
    ('{"text": " \\n "}', 'has an empty "text"; remove the line or fill in the article text.'),
    ('{"text": 5}', 'has a "text" that is a number; make it a string.'),
    ('{"text": "a", "title": ["T"]}', 'has a "title" that is a list; make it a string.'),
    ('{"text": "a", "id": true}', 'has an "id" that is a boolean; make it a string or a number.'),
    (
        '{"text": "a", "date": "yesterday"}',
        "has a date 'yesterday' that cannot be read; use ISO 8601 such as 2024-10-05.",
    ),
]


@pytest.mark.parametrize(("line", "message"), JSONL_ERRORS)
def test_jsonl_record_errors_name_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "f.jsonl", '{"text": "fine"}\n\n' + line + "\n")
    assert error_of(["f.jsonl"]) == f"'f.jsonl' line 3 {message}"


def test_jsonl_file_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "blank.jsonl", "\n\n")
    write(tmp_path / "latin.jsonl", b'{"text": "caf\xe9"}\n')
    write(tmp_path / "fake.jsonl.gz", '{"text": "not compressed"}\n')
    write(tmp_path / "nul.jsonl", b'{"text": "a"}\n\x00\x00')
    with gzip.open(tmp_path / "cut.jsonl.gz", "wb") as handle:
        handle.write(b'{"text": "a"}\n' * 2000)
    write(tmp_path / "cut.jsonl.gz", (tmp_path / "cut.jsonl.gz").read_bytes()[:60])
    assert error_of(["blank.jsonl"]) == (
        "'blank.jsonl' holds no JSON Lines records; write one {\"text\": ...} object per line."
    )
    assert error_of(["latin.jsonl"]) == (
        "'latin.jsonl' line 1 is not valid UTF-8; JSON Lines must be UTF-8, so re-encode the file."
    )
    assert error_of(["fake.jsonl.gz"]) == (
        "'fake.jsonl.gz' is not a valid gzip file (Not a gzipped file (b'{\"')); "
        "recompress it or rename it to .jsonl."
    )
    assert error_of(["nul.jsonl"]) == (
        "'nul.jsonl' looks binary (it contains NUL bytes); give a text, HTML or JSON Lines file."
    )
    assert error_of(["cut.jsonl.gz"]).startswith("'cut.jsonl.gz' is not a valid gzip file (")


def test_size_guards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(kg.ingest.common.MAX_TEXT_BYTES + 1)  # sparse: nothing is really written
    assert error_of(["huge.txt"]) == (
        "'huge.txt' is larger than 50 MB; split it into smaller files or use JSON Lines."
    )
    monkeypatch.setattr(kg.ingest.common, "MAX_TEXT_BYTES", 100)
    write(tmp_path / "long.jsonl", '{"text": "ok"}\n{"text": "' + "x" * 200 + '"}\n')
    assert error_of(["long.jsonl"]) == (
        "'long.jsonl' line 2 is longer than 100 bytes; split that record."
    )


def test_bad_paths_fail_before_any_article(tmp_path: Path) -> None:
    articles = read_articles([SEEDS, tmp_path / "typo.txt"])
    with pytest.raises(InputError, match=r"typo\.txt' does not exist"):
        next(articles)


# --- streaming ----------------------------------------------------------------------


def test_jsonl_streams(tmp_path: Path) -> None:
    lines = [json.dumps({"text": f"Article {n}."}) for n in range(1, 1000)] + ["{broken"]
    path = write(tmp_path / "big.jsonl", "\n".join(lines) + "\n")
    # The broken last line is never reached while the consumer only wants the first ones.
    first = list(islice(read_articles([path]), 3))
    assert [a.body for a in first] == ["Article 1.", "Article 2.", "Article 3."]
    with pytest.raises(InputError, match="line 1000 is not valid JSON"):
        list(read_articles([path], strict=True))


def test_folder_yields_before_a_later_bad_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Good\n\nText.")
    write(tmp_path / "b.txt", b"\x00binary")
    articles = read_articles([tmp_path], strict=True)
    assert next(articles).source == str(tmp_path / "a.txt")
    with pytest.raises(InputError, match="looks binary"):
        next(articles)


# --- real inputs --------------------------------------------------------------------


def test_seeds() -> None:
    first, second = read_articles([SEEDS])
    assert first.id == expected_id("text", first.title, first.body)
    assert first.date == "2024-10-05"
    assert first.title == "Russia and North Korea sign mutual defence pact"
    assert first.body.startswith("Must read\n\nThe Russian president, Vladimir Putin,")
    assert first.source == str(SEEDS / "000_07b84f3e74094027.txt")
    assert second.id == expected_id("text", second.title, second.body)
    assert second.title.startswith("Deal between Putin and Kim")
    assert second.date is None
    for article in (first, second):
        assert "\r" not in article.body and "\n\n\n" not in article.body
        assert article.content_hash == hash_of(article.title, article.body)


@pytest.mark.parametrize(
    ("name", "first_id", "first_date"),
    [
        ("reuters21578.jsonl.gz", "reuters21578-1", "1987-02-26T15:01:01"),
        ("bbc.jsonl.gz", "bbc-business-001", None),
    ],
)
def test_real_corpora_first_records(name: str, first_id: str, first_date: str | None) -> None:
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"{path} is not present in this checkout")
    articles = list(islice(read_articles([path]), 50))
    assert (articles[0].id, articles[0].date) == (first_id, first_date)
    assert len({a.id for a in articles}) == 50
    assert all(a.body and a.title and a.source == f"{path}#{n}" for n, a in enumerate(articles, 1))


# --- the CLI ------------------------------------------------------------------------


def test_cli_articles_lists_and_round_trips(tmp_path: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["articles", str(SEEDS)])
    assert listed.exit_code == 0, listed.output
    first = next(read_articles([SEEDS]))
    assert listed.stdout.splitlines()[0] == (
        f"{first.id}\t2024-10-05\tRussia and North Korea sign mutual defence pact\t"
        f"{SEEDS / '000_07b84f3e74094027.txt'}"
    )
    dumped = runner.invoke(app, ["articles", "--jsonl", str(SEEDS)])
    assert dumped.exit_code == 0
    path = write(tmp_path / "seeds.jsonl", dumped.stdout)
    again = list(read_articles([path]))
    original = list(read_articles([SEEDS]))
    strip = [(a.id, a.title, a.body, a.date, a.url, a.content_hash) for a in original]
    assert [(a.id, a.title, a.body, a.date, a.url, a.content_hash) for a in again] == strip


def test_cli_articles_error_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["articles", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert (
        result.stderr == f"kg: error: '{tmp_path / 'nope.txt'}' does not exist; check the path.\n"
    )


# --- bad input is skipped, named, and the run goes on (issue 11) --------------------


def test_a_broken_line_is_skipped_with_its_number_and_the_rest_is_read(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{n}", "text": f"Article {n}."}) for n in range(1, 10)]
    lines[3] = '{"id": "r4", "text": "cut off'
    path = write(tmp_path / "nine.jsonl", "\n".join(lines) + "\n")
    skipped: list[kg.ingest.Skipped] = []
    ids = [a.id for a in read_articles([path], on_skip=skipped.append)]
    assert ids == ["r1", "r2", "r3", "r5", "r6", "r7", "r8", "r9"]
    assert [(s.source, s.line, s.message) for s in skipped] == [
        (
            str(path),
            4,
            f"'{path}' line 4 is not valid JSON (Unterminated string starting at column 22); "
            "fix or remove that line.",
        )
    ]
    assert error_of([path]) == skipped[0].message  # strict: the same words, as an error


def test_a_bad_file_in_a_folder_is_skipped_and_named(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Good\n\nText.")
    write(tmp_path / "b.txt", b"\x00binary")
    write(tmp_path / "c.txt", b"Broken \xc3( UTF-8 and a good \xc3\xa9.")
    skipped: list[kg.ingest.Skipped] = []
    found = [a.source for a in read_articles([tmp_path], on_skip=skipped.append)]
    assert found == [str(tmp_path / "a.txt")]
    assert [s.message for s in skipped] == [
        f"'{tmp_path / 'b.txt'}' looks binary (it contains NUL bytes); "
        "give a text, HTML or JSON Lines file.",
        f"'{tmp_path / 'c.txt'}' is damaged UTF-8 (an invalid byte at offset 7); "
        "repair or re-encode it as UTF-8.",
    ]


def test_when_nothing_can_be_read_the_reasons_are_the_error(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", b"\x00binary")
    write(tmp_path / "c.txt", "")
    assert error_of([tmp_path], strict=False) == (
        "no article could be read: all 2 inputs were skipped, the first because "
        f"'{tmp_path / 'b.txt'}' looks binary (it contains NUL bytes); "
        "give a text, HTML or JSON Lines file."
    )


ENCODINGS = [
    # (bytes of a .txt, the text read, or the message it is skipped with)
    pytest.param(
        b"Putin met \xff\xfe Kim Jong-un in \xc3( Pyongyang.",
        "is damaged UTF-8 (an invalid byte at offset 10); repair or re-encode it as UTF-8.",
        id="invalid UTF-8 is never read as Windows-1252 mojibake",
    ),
    pytest.param(
        "Le président a rencontré le ministre à Paris.".encode("cp1252"),
        "Le président a rencontré le ministre à Paris.",
        id="Windows-1252",
    ),
    pytest.param(
        "Президент встретился с министром в Москве.".encode("cp1251"),
        "Президент встретился с министром в Москве.",
        id="Windows-1251, detected",
    ),
    pytest.param(
        b"Title \x81\x8d\x8f\x90\x9d",
        "is not UTF-8 and its encoding cannot be told; convert it to UTF-8.",
        id="no clear encoding",
    ),
]


@pytest.mark.parametrize(("data", "expected"), ENCODINGS)
def test_encodings_are_detected_or_the_file_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "e.txt", data)
    if expected.startswith("is "):
        assert error_of(["e.txt"]) == f"'e.txt' {expected}"
    else:
        assert only(["e.txt"]).title == expected


# --- standard input: JSON Lines or plain text -----------------------------------------

STDIN_JSONL = (
    '{"id": "bbc-1", "title": "Ad sales boost profit", "text": "Profits jumped."}\n'
    '{"id": "bbc-2", "title": "Dollar gains", "text": "The dollar rose."}\n'
)


@pytest.mark.parametrize(
    ("data", "stdin_format", "expected"),
    [
        (STDIN_JSONL, "auto", [("bbc-1", "Ad sales boost profit"), ("bbc-2", "Dollar gains")]),
        (STDIN_JSONL, "jsonl", [("bbc-1", "Ad sales boost profit"), ("bbc-2", "Dollar gains")]),
        (
            STDIN_JSONL,
            "text",
            [(expected_id("text", STDIN_JSONL.split("\n")[0], STDIN_JSONL.split("\n")[1]), None)],
        ),
        (
            "{Not JSON} a title\n\nBody.",
            "auto",
            [(expected_id("text", "{Not JSON} a title", "Body."), "{Not JSON} a title")],
        ),
    ],
    ids=["sniffed", "said-jsonl", "said-text", "a-brace-title-is-text"],
)
def test_stdin_json_lines_are_sniffed(
    monkeypatch: pytest.MonkeyPatch,
    data: str,
    stdin_format: str,
    expected: list[tuple[str, str | None]],
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    articles = list(read_articles(["-"], stdin_format=stdin_format))
    assert [a.id for a in articles] == [article_id for article_id, _ in expected]
    for article, (_, title) in zip(articles, expected, strict=True):
        assert title is None or article.title == title
    assert all(a.source.startswith("<stdin>") for a in articles)


def test_an_unknown_stdin_format_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        list(read_articles(["-"], stdin_format="xml"))
    assert str(caught.value) == (
        "standard input format 'xml' is unknown; choose one of: auto, text, jsonl."
    )
