"""Hostile bodies: whatever an editor, an import or the shell put in, readers get only allowlisted HTML."""

from html.parser import HTMLParser

import pytest

from articles import services
from articles.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, render_markdown, sanitize_html
from tests.articles.factories import ArticleFactory


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def parsed(html: str) -> list[tuple[str, dict[str, str]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.elements


def assert_harmless(html: str) -> None:
    """What a browser would see: only allowlisted tags and attributes, links only to allowed schemes."""
    for tag, attrs in parsed(html):
        assert tag in ALLOWED_TAGS, f"<{tag}> reached the page: {html!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name} reached the page: {html!r}"
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, f"{name} on <{tag}>: {html!r}"
            if name in {"href", "cite"}:
                # Browsers drop tabs/newlines and ignore case before reading the scheme.
                assert "\ufffd" not in value and all(ord(c) >= 32 for c in value), f"odd URL: {html!r}"
                normalised = "".join(value.split()).lower()
                scheme = normalised.split(":", 1)[0] if ":" in normalised.split("/", 1)[0] else ""
                assert scheme in ALLOWED_URL_SCHEMES | {""}, f"{scheme}: link reached the page: {html!r}"
    assert "<script" not in html.lower(), f"a script reached the page: {html!r}"


HOSTILE_HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&Tab;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(1)">x</a>',
    '<a href="&#0000106avascript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="java\x00script:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<p style="position:fixed;inset:0">overlay</p>',
    '<div onmouseover="alert(1)">hover</div>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example/"><input name="password"></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    '<a href="https://ok.example/" onclick="steal()">ok</a>',
    '<blockquote cite="javascript:alert(1)">q</blockquote>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<template><script>alert(1)</script></template>",
]

HOSTILE_MARKDOWN = [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '![x](https://evil.example/x.png "title"){: onerror="alert(1)" }',
    "[x]: javascript:alert(1)\n\n[reference link][x]",
    "<javascript:alert(1)>",
    "A paragraph {: onclick=alert(1) style=color:red }",
    "Inline <img src=x onerror=alert(1)> in a sentence.",
    "<div markdown=1>[x](javascript:alert(1))</div>",
]


@pytest.mark.parametrize("html", HOSTILE_HTML)
def test_raw_hostile_html_is_neutralised(html):
    assert_harmless(sanitize_html(html))
    assert_harmless(str(render_markdown(html)))


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN)
def test_hostile_markdown_is_neutralised(text):
    assert_harmless(str(render_markdown(text)))


def test_scripts_and_styles_are_dropped_with_their_content_not_shown_as_text():
    html = sanitize_html("<p>Before</p><script>alert('secret')</script><style>p{}</style><p>After</p>")
    assert html == "<p>Before</p><p>After</p>"


def test_ordinary_editorial_markup_survives():
    html = str(
        render_markdown(
            "## A subhead\n\nSome *emphasis*, **strong** and a [link](https://www.agents.media/).\n\n"
            "> A quote\n\n| Country | People |\n| --- | --- |\n| Armenia | 110,000 |\n\n"
            "`<script>` in code is shown as text."
        )
    )
    assert "<h2>A subhead</h2>" in html
    assert '<a href="https://www.agents.media/" rel="noopener noreferrer">link</a>' in html
    assert "<blockquote>" in html
    assert "<td>Armenia</td>" in html
    assert "<code>&lt;script&gt;</code>" in html
    assert_harmless(html)


def test_mailto_and_relative_links_are_kept():
    html = sanitize_html('<a href="mailto:tips@example.org">tips</a> <a href="/2024/07/17/story/">ours</a>')
    assert 'href="mailto:tips@example.org"' in html
    assert 'href="/2024/07/17/story/"' in html


@pytest.mark.django_db
def test_a_hostile_body_saved_from_the_shell_does_not_reach_the_public_page(client):
    article = ArticleFactory(
        body='Text <script>alert("x")</script> <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))'
    )
    services.publish_article(article=article)
    page = client.get(article.get_absolute_url()).content.decode()
    body = page.split('class="article__body"', 1)[1]
    assert "<script>alert" not in body
    assert "<img src=x onerror" not in body.lower()
    assert 'href="javascript:' not in body.lower()
