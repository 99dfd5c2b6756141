"""HTML pages: the article's paragraphs (no menus, footers or scripts) and its metadata."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

from kg.ingest import common
from kg.ingest.common import decode, make_article, normalise_date, normalise_text
from kg.ingest.text import clean_title
from kg.records import Article

HTML_SUFFIXES = (".html", ".htm")
_WHITESPACE = re.compile(r"\s+")
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_DOCUMENT_TAG = re.compile(r"<(?:html|body)[\s>]", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)


class _HeadParser(HTMLParser):
    """Collects the metadata a news page declares: titles, dates and its canonical URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self.time = ""
        self.canonical = ""
        self._capture: str | None = None  # "title" or "h1" while inside that element
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key.lower(): (value or "") for key, value in attrs}
        if tag == "meta":
            key = (attr.get("property") or attr.get("name") or attr.get("itemprop") or "").lower()
            if key and attr.get("content", "").strip():
                self.meta.setdefault(key, attr["content"].strip())
        elif tag == "link" and "canonical" in attr.get("rel", "").lower().split():
            self.canonical = self.canonical or attr.get("href", "").strip()
        elif tag == "time" and not self.time:
            self.time = attr.get("datetime", "").strip()
        elif (tag == "title" and not self.title) or (tag == "h1" and not self.h1):
            self._capture, self._buffer = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._capture:
            setattr(self, tag, _WHITESPACE.sub(" ", "".join(self._buffer)).strip())
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._buffer.append(data)


def html_article(data: bytes, source: str) -> Article:
    """One article from an HTML page: og:title or <title>, the main text, date and URL."""
    declared = _META_CHARSET.search(data[: common.SNIFF_BYTES])
    markup = decode(data, source, declared.group(1).decode("ascii") if declared else None)
    # A fragment ("<p>...</p>") parses to a lone element that trafilatura rejects as a
    # page, and a page that is only a URL would make htmldate download it; inside
    # <body> both are read like any other article, and nothing reaches the network.
    # lxml (under htmldate and trafilatura) refuses text with control characters.
    markup = _XML_UNSAFE.sub("", markup)
    if not markup.lstrip().startswith("<") or not _DOCUMENT_TAG.search(markup):
        markup = f"<html><body>{markup}</body></html>"
    head = _HeadParser()
    head.feed(markup)
    head.close()
    title = clean_title(head.meta.get("og:title") or head.title or head.h1)
    paragraphs = _html_paragraphs(markup)
    # Most pages repeat the headline as the article's <h1>; it is the title, not body text.
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    body = normalise_text("\n\n".join(paragraphs))
    url = head.canonical or head.meta.get("og:url", "")
    return make_article(
        title,
        body,
        source,
        _html_date(head, markup),
        url if url.startswith(("http://", "https://")) else None,
    )


def _html_date(head: _HeadParser, markup: str) -> str | None:
    for key in ("article:published_time", "datepublished", "date", "pubdate", "dc.date"):
        if key in head.meta and (when := normalise_date(head.meta[key])):
            return when
    if head.time and (when := normalise_date(head.time)):
        return when
    from htmldate import find_date

    # Fast mode only: the extensive search guesses from any date in the text.
    found = find_date(markup, extensive_search=False, original_date=True)
    return normalise_date(found) if found else None


def _html_paragraphs(markup: str) -> list[str]:
    """The article's paragraphs, without navigation, menus, footers, scripts or styles."""
    import trafilatura
    from trafilatura.settings import use_config

    # Both libraries log "not valid HTML" at ERROR level; with no handler of ours, Python
    # would print that to stderr. A NullHandler keeps it out of the CLI, yet an app that
    # configures logging still receives it through propagation.
    for name in ("trafilatura", "htmldate"):
        logger = logging.getLogger(name)
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())
    config = use_config()
    # The defaults discard texts under 250 characters and then fall back to grabbing the
    # whole page, navigation included; short news items deserve the main extractor.
    for key in ("MIN_EXTRACTED_SIZE", "MIN_OUTPUT_SIZE", "MIN_EXTRACTED_COMM_SIZE"):
        config.set("DEFAULT", key, "1")
    config.set("DEFAULT", "MAX_FILE_SIZE", str(common.MAX_TEXT_BYTES))
    xml = trafilatura.extract(
        markup,
        output_format="xml",
        fast=True,
        include_comments=False,
        include_tables=False,
        config=config,
    )
    if not xml:
        return []
    main = ElementTree.fromstring(xml).find("main")
    if main is None:
        return []
    for line_break in main.iter("lb"):
        line_break.text = " "  # a <br> inside a paragraph separates words, it does not join them
    paragraphs = [main.text or ""]
    for element in main:
        # A list is a paragraph per item; everything else (p, head, quote) is one paragraph.
        items = element.findall("item") if element.tag == "list" else [element]
        paragraphs.extend("".join(item.itertext()) for item in items)
        paragraphs.append(element.tail or "")
    cleaned = (_WHITESPACE.sub(" ", paragraph).strip() for paragraph in paragraphs)
    return [paragraph for paragraph in cleaned if paragraph]
