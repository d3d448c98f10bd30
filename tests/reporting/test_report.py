"""`livetweet report` on a rehearsed session: every format, checked as its reader would."""

from __future__ import annotations

import itertools
import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from livetweet.cli import main
from livetweet.reporting import build_report
from livetweet.reporting.jsonout import report_schema

from .conftest import Session
from .scdl_rules import validate_scdl


def report(session: Session, fmt: str, *extra: str, agenda: bool = True) -> str:
    out = session.journal.with_name(f"report.{fmt}")
    args = ["report", str(session.journal), "--format", fmt, "-o", str(out), *extra]
    if agenda:
        args[2:2] = ["--agenda", str(session.agenda_path)]
    assert main(args) == 0
    return out.read_text(encoding="utf-8")


class Page(HTMLParser):
    """What a reader (or a screen reader) finds in the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.lang: str | None = None
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.headings: list[tuple[int, str]] = []
        self.scripts: list[str | None] = []
        self.text: list[str] = []
        self.title = ""
        self._in: str | None = None
        self.svg_has_text_alternative = False
        self.void = {"meta", "link", "br", "img", "input", "hr", "rect", "line"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if a.get("id"):
            assert a["id"] not in self.ids, f"id {a['id']} twice"
            self.ids.add(str(a["id"]))
        if tag == "script":
            self.scripts.append(a.get("type"))
        if tag == "svg":
            self.svg_has_text_alternative = bool(a.get("aria-labelledby") and a.get("role"))
        if tag in ("h1", "h2", "h3", "h4", "title"):
            self._in = tag
            self.headings.append((int(tag[1]) if tag != "title" else 0, ""))
        if tag not in self.void:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.void:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in:
            level, text = self.headings[-1]
            self.headings[-1] = (level, text + data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert page.stack == [], f"unclosed elements: {page.stack}"
    return page


def test_html_holds_every_post_and_link_in_a_valid_accessible_page(session: Session) -> None:
    html = report(session, "html")
    page = parse(html)
    record = build_report(session.journal, session.agenda)
    assert page.lang == "en"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.tags.count(landmark) == 1, landmark
    levels = [level for level, _text in page.headings if level]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    headings = [text for level, text in page.headings if level == 3]
    assert headings[:4] == [
        "Item 1 — Budget primitif 2027 <i>principal</i>",
        "Item 2 — Subventions aux associations",
        "Item 3 — Situation d'un agent",
        "Item 4 — Dénomination de voies",
    ]
    for post in record.posts.values():  # every post, with its link when it has one
        assert post.ref in page.ids
        if post.state in ("posted", "deleted"):
            assert post.url in page.hrefs
    assert "https://www.villeneuve.example.fr/budget.pdf" in page.hrefs
    for ref in page.hrefs:
        if ref.startswith("#"):
            assert ref[1:] in page.ids, f"dangling link {ref}"
    assert page.scripts == ["application/ld+json"]  # data only: no JavaScript
    assert page.svg_has_text_alternative
    assert "<svg" in html and "<figcaption>" in html
    text = "".join(page.text)
    assert record.last_hash in text
    assert f"livetweet audit verify cm-test.jsonl --expect {record.last_hash}" in text
    assert "X's published prices of 2026-12-02: 0.015 US$ per post, 0.2 US$" in text


def test_markup_in_agenda_and_posts_is_shown_as_text(session: Session) -> None:
    html = report(session, "html")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>sans</b>" not in html and "<i>principal</i>" not in html
    page = parse(html)
    assert "Conseil municipal du 15 décembre 2026 <script>alert(1)</script>" in page.headings[0][1]
    ld = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(ld)
    assert data["@type"] == "LiveBlogPosting"
    assert "<script>alert(1)</script>" in data["headline"]  # the JSON is intact, escaped
    markdown = report(session, "md")
    assert "<script>" not in markdown and "<b>" not in markdown


def test_html_shows_the_record_a_citizen_expects(session: Session) -> None:
    text = "".join(parse(report(session, "html")).text)
    assert "adopted (25 for, 5 against, 3 abstentions)" in text
    assert "Closed session (huis clos)" in text
    assert "Override on the record" in text
    assert "uncertain: to check on the account" in text  # the follow-up list
    assert "Fin de la séance" in text
    assert "Rectificatif : 26 pour" in text and "corrected by" in text
    assert "Deleted posts" in text and "Subventions : erreur de frappe" in text


def test_a_dry_run_report_says_in_its_title_that_nothing_was_published(
    session: Session,
) -> None:
    page = parse(report(session, "html"))
    assert "nothing was published" in page.headings[0][1]
    title = next(text for level, text in page.headings if level == 0)
    assert "nothing was published" in title
    assert "nothing was published" in json.loads(report(session, "json"))["title"]


def test_french_by_language_option(session: Session) -> None:
    html = report(session, "html", "--language", "fr")
    page = parse(html)
    assert page.lang == "fr"
    title = next(text for level, text in page.headings if level == 0)
    assert "rien n'a été publié" in title
    text = "".join(page.text)
    assert "Point 1 — Budget primitif 2027" in text
    assert "Vote : adopté (25 pour, 5 contre, 3 abstentions)" in text
    assert "0,015 $ US par publication" in text


def test_a_broken_chain_stops_the_report_at_its_first_bad_line(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = session.journal.read_bytes().split(b"\n")
    lines[9] = (
        lines[9].replace(b"dry-run", b"dry-rum", 1)
        if b"dry-run" in lines[9]
        else (lines[9].replace(b'"seq":10', b'"seq":10 ', 1))
    )
    session.journal.write_bytes(b"\n".join(lines))
    out = session.journal.with_name("r.html")
    assert main(["report", str(session.journal), "-o", str(out)]) == 1
    assert f"{session.journal}:10:" in capsys.readouterr().err
    assert not out.exists()


def test_a_missing_journal_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["report", str(tmp_path / "none.jsonl")]) == 2


def test_json_matches_the_committed_schema(session: Session) -> None:
    data = json.loads(report(session, "json"))
    jsonschema.Draft202012Validator(
        report_schema(), format_checker=jsonschema.FormatChecker()
    ).validate(data)
    budget = next(i for i in data["items"] if i["id"] == "budget")
    assert budget["vote"]["for"] == 25
    assert budget["matiere_name"] == "Finances locales/Décisions budgétaires"
    states = {p["ref"]: p["state"] for p in data["posts"]}
    assert states[session.refs["typo"][0]] == "deleted"
    assert states[session.refs["uncertain"][0]] == "uncertain"
    x = next(n for n in data["networks"] if n["network"] == "x")
    assert x["posts"] == 6 and x["posts_with_link"] == 1
    assert x["cost_usd"] == pytest.approx(5 * 0.015 + 0.2)


def test_activitystreams_collection_has_its_vocabulary_required_fields(
    session: Session,
) -> None:
    data = json.loads(report(session, "activitystreams"))
    assert data["@context"] == "https://www.w3.org/ns/activitystreams"
    assert data["type"] == "OrderedCollection"
    assert data["totalItems"] == len(data["orderedItems"])
    kinds = [a["type"] for a in data["orderedItems"]]
    assert kinds.count("Create") == 8 and kinds.count("Update") == 1
    assert kinds.count("Delete") == 1
    for activity in data["orderedItems"]:
        assert {"id", "type", "actor", "object", "published"} <= set(activity)
        obj = activity["object"]
        assert {"id", "type"} <= set(obj)
        if activity["type"] in ("Create", "Update"):
            assert obj["type"] == "Note"
            assert {"content", "published", "url", "attributedTo", "tag", "attachment"} <= set(obj)
    creates = {
        a["object"]["content"]: a["object"] for a in data["orderedItems"] if a["type"] == "Create"
    }
    first = next(n for c, n in creates.items() if "1/2 Le budget" in c and n["url"].find("/x/") > 0)
    second = next(n for c, n in creates.items() if c.startswith("<p>2/2"))
    assert second["inReplyTo"] == first["id"]
    assert {"type": "Hashtag", "name": "#Budget2027"} in first["tag"]
    assert {"type": "Mention", "name": "@PaulBernard_VN"} in first["tag"]
    assert "&lt;b&gt;sans&lt;/b&gt;" in second["content"]
    update = next(a for a in data["orderedItems"] if a["type"] == "Update")
    assert "Rectificatif" in update["object"]["content"]
    delete = next(a for a in data["orderedItems"] if a["type"] == "Delete")
    assert delete["object"]["type"] == "Tombstone"


def test_markdown_has_every_post_and_link(session: Session) -> None:
    markdown = report(session, "md")
    record = build_report(session.journal, session.agenda)
    for post in record.posts.values():
        assert post.ref in markdown
        if post.url:
            assert f"]({post.url})" in markdown
    assert record.last_hash in markdown


def test_scdl_export_passes_the_schema_file(session: Session, tmp_path: Path) -> None:
    text = report(session, "scdl")
    assert validate_scdl(text, tmp_path) == []
    rows = text.splitlines()
    assert len(rows) == 3  # header + the two items voted on
    assert rows[1].split(",")[2:7] == [
        "budget",
        "2026-12-15",
        "7.1",
        "finances locales/décisions budgétaires",
        "Budget primitif 2027 <i>principal</i>",
    ]
    assert rows[1].split(",")[11:16] == ["33", "33", "25", "5", "3"]


def test_the_schema_check_catches_a_bad_row(session: Session, tmp_path: Path) -> None:
    """The validator used above can fail: a wrong sum and a bad SIRET are reported."""
    text = report(session, "scdl").replace(",33,33,25,5,3,", ",33,34,25,5,3,")
    text = text.replace("21860194600013", "21860194600014", 1)
    problems = validate_scdl(text, tmp_path)
    assert any("sum-columns-value" in p for p in problems)
    assert any("french-siret-value" in p for p in problems)


def test_scdl_names_what_the_agenda_lacks_and_writes_nothing(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    text = session.agenda_path.read_text(encoding="utf-8")
    text = text.replace("  siret: 21860194600013\n", "").replace("    matiere: 7.5\n", "")
    session.agenda_path.write_text(text, encoding="utf-8")
    out = session.journal.with_name("d.csv")
    args = ["report", str(session.journal), "--agenda", str(session.agenda_path)]
    assert main([*args, "--format", "scdl", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "session.siret" in err
    assert "subventions (2)" in err and "budget" not in err.split("matter code")[1]
    assert not out.exists()


def test_control_characters_in_a_post_are_shown_not_obeyed(session: Session) -> None:
    from livetweet.reporting.html import render_html
    from livetweet.reporting.markdown import render_markdown

    record = build_report(session.journal, session.agenda)
    record.posts[session.refs["opening"][0]].text = "Ouverte \x1b[31m rouge \u202eesrever"
    for page in (render_html(record), render_markdown(record)):
        assert "\x1b" not in page and "\u202e" not in page
        assert "␛" in page and "U+202E" in page
