"""Template helpers for the reader's site: navigation, images, JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles.body import image_source, render_image
from articles.models import Image, Section
from articles.sanitize import safe_web_url

register = template.Library()

# Characters that could end a <script> element or open a comment inside it, as JSON escapes: the same
# set Django's json_script escapes. JSON-LD needs type="application/ld+json", which json_script does not
# allow, hence this filter.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def ld_json(value) -> SafeString:
    """Serialize ``value`` as JSON that is safe inside ``<script type="application/ld+json">``."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # <, > and & are escaped above; the rest is JSON


@register.filter
def web_url(value: str) -> str:
    """The URL if it is an http(s) address or a path on this site, else "" (see ``articles.body.safe_web_url``)."""
    return safe_web_url(value)


@register.filter
def iso_datetime(value) -> str:
    """A datetime as ISO 8601 to the second, in the site's time zone: what <time datetime> and meta tags take.

    Django's ``date:"c"`` keeps microseconds, which the HTML standard does not allow in ``datetime``.
    """
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.inclusion_tag("articles/includes/section_nav.html", takes_context=True)
def section_nav(context) -> dict:
    """The sections in navigation order: one query per page."""
    current = context.get("current_section")
    return {"sections": list(Section.objects.all()), "current_section_id": getattr(current, "pk", None)}


@register.simple_tag
def article_image(image: Image | None, sizes: str = "(min-width: 44rem) 42rem, 100vw", lead: bool = False):
    if image is None:
        return ""
    return render_image(image, sizes=sizes, lead=lead)


@register.inclusion_tag("articles/includes/thumbnail.html")
def thumbnail(image: Image | None, sizes: str = "(min-width: 44rem) 14rem, 100vw", lazy: bool = True) -> dict:
    """A list's picture; decorative (the headline beside it says what the story is). The lead story's is
    above the fold, so it is not lazy-loaded."""
    return {"image": image, "source": image_source(image) if image else None, "sizes": sizes, "lazy": lazy}
