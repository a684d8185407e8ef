"""Markdown to HTML, sanitized with nh3 at render time, whatever path the text came in by.

Bodies are stored as the editor wrote them. Every render goes through :func:`render_markdown`, so a body
that arrived through the admin, an import or the shell reaches readers only after the allowlist below.
"""

import re
from urllib.parse import urlsplit

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
#: No ``javascript:``, ``vbscript:`` or ``data:``. nh3 decodes entities and strips the control characters a
#: browser would ignore (``jav&#x09;ascript:``, ``&#106;avascript:``, ``JaVaScRiPt:``) before comparing.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
#: Elements dropped together with everything inside them. Any other tag outside the allowlist is dropped
#: but keeps its text, which is harmless; these would leave behind code, markup-as-text or a form's labels.
DROPPED_WITH_CONTENT = {
    "script", "style", "template", "noscript", "iframe", "object", "embed", "applet", "frame", "frameset",
    "svg", "math", "textarea", "select", "title", "xmp", "noembed", "noframes", "plaintext",
}  # fmt: skip

_MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty"]


_URL_ATTRIBUTES = {"href", "cite"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _check_url(tag: str, attribute: str, value: str) -> str | None:
    """A second look at every URL, after nh3's own scheme check.

    nh3 checks the scheme of ``href`` but not of ``cite``, and passes through URLs it cannot parse as
    absolute; a value carrying control characters or the replacement character (what a NUL becomes) is
    dropped rather than trusted to read as a harmless relative link.
    """
    if attribute not in _URL_ATTRIBUTES:
        return value
    if any(ord(char) < 32 or char in "\x7f\ufffd" for char in value):
        return None
    scheme = _SCHEME.match(value.strip())
    if scheme and scheme.group(1).lower() not in ALLOWED_URL_SCHEMES:
        return None
    return value


# Built once: nh3 compiles the allowlist into a cleaner that is safe to share between threads.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,  # no "style", no "on*" handlers, no "src", no "class"
    url_schemes=ALLOWED_URL_SCHEMES,
    attribute_filter=_check_url,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """Keep only the allowlisted tags, attributes and URL schemes; links get ``rel="noopener noreferrer"``."""
    return _CLEANER.clean(html or "")


def render_markdown(text: str) -> SafeString:
    """Render an editor's Markdown to sanitized HTML that is safe to put on a page."""
    html = markdown.markdown(text, extensions=_MARKDOWN_EXTENSIONS, output_format="html")
    return mark_safe(sanitize_html(html))  # sanitized by nh3 on the line above


def safe_web_url(url: str) -> str:
    """``url`` if it is an http(s) address or a path on this site, else "".

    URLField validation runs in forms only: a ``javascript:`` or ``data:`` URL that came in by an import or
    the shell must never become a link on a reader's page.
    """
    url = (url or "").strip()
    scheme = urlsplit(url).scheme.lower()
    if scheme in {"http", "https"} or (not scheme and url.startswith("/")):
        return url
    return ""
