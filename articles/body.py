"""Rendering an article body for readers: sanitized Markdown with figures, images and related links in place.

The body is parsed once with :func:`articles.embeds.parse_body`. Every Markdown chunk goes through
:func:`articles.sanitize.render_markdown` (nh3), whatever path the text came in by. Embeds are looked up in
batches (one call to :func:`stats.figures.figures_by_slug` for all figures, one query for all images), so
the number of queries does not grow with the number of embeds.

An embed that names something missing or unpublished renders nothing: a reader never sees a broken page
because an editor mistyped a slug or a figure was taken back to draft. The admin's validation tells the
editor; here we only log a warning so the gap shows up in the logs.
"""

import logging
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles.embeds import Embed, EmbedKind, EmbedSyntaxError, parse_body
from articles.models import Article, Image, RelatedLink
from articles.sanitize import render_markdown, safe_web_url
from stats.figures import figures_by_slug, render_figure

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImageSource:
    """What an ``<img>`` needs: the default URL, a ``srcset`` (may be empty) and the intrinsic size."""

    src: str
    srcset: str
    width: int | None
    height: int | None


def image_source(image: Image) -> ImageSource:
    """URLs for an image: its renditions as a ``srcset`` (widest last), the widest one as ``src``.

    Renditions are made once on upload (``{"480": "images/renditions/…-480.jpg"}``); an image without them
    (an old upload, a failed resize) falls back to the original file.
    """
    renditions = []
    for width, name in (image.renditions or {}).items():
        try:
            renditions.append((int(width), name))
        except (TypeError, ValueError):
            logger.warning("Image %s has a rendition with a malformed width %r; skipped.", image.pk, width)
    renditions.sort()
    original = image.file.url if image.file else ""
    srcset = ", ".join(f"{default_storage.url(name)} {width}w" for width, name in renditions)
    if renditions and image.width and image.width > renditions[-1][0] and original:
        srcset += f", {original} {image.width}w"
    if not original and renditions:
        original = default_storage.url(renditions[-1][1])
    return ImageSource(src=original, srcset=srcset, width=image.width, height=image.height)


def render_image(image: Image, *, sizes: str = "(min-width: 44rem) 42rem, 100vw", lead: bool = False) -> SafeString:
    """An image as a ``<figure>`` with ``srcset``, alt text, caption and credit."""
    return render_to_string(
        "articles/includes/image.html",
        {"image": image, "source": image_source(image), "sizes": sizes, "lead": lead},
    )


def render_related_box(link: RelatedLink) -> SafeString:
    return render_to_string("articles/includes/related_box.html", {"link": link})


def is_shown(link: RelatedLink) -> bool:
    """Readers see a related link if it leads to a published article of ours or to a safe external URL."""
    if link.target_id:
        return link.target.is_visible
    return bool(safe_web_url(link.url))


def visible_related_links(article: Article) -> list[RelatedLink]:
    """The article's related links in order, without those readers must not see (see :func:`is_shown`).

    Uses ``article.related_links.all()``: prefetch it (with ``target``) to avoid a query per link.
    """
    return [link for link in article.related_links.all() if is_shown(link)]


def render_body(article: Article) -> SafeString:
    """The article's body as HTML for readers.

    Queries: one for figures and one for their observations (only if the body embeds figures), one for
    images (only if it embeds images). Related links come from ``article.related_links.all()``, so
    prefetch them.
    """
    parts = parse_body(article.body)
    embeds = [part for part in parts if isinstance(part, Embed)]

    figure_slugs = {embed.ref for embed in embeds if embed.kind == EmbedKind.FIGURE}
    figures = figures_by_slug(figure_slugs) if figure_slugs else {}

    image_ids = {int(embed.ref) for embed in embeds if embed.kind == EmbedKind.IMAGE}
    images = Image.objects.in_bulk(image_ids) if image_ids else {}

    # Numbered as the editor sees them in the admin: all links, in order, including hidden ones, so
    # that "[related: 2]" keeps meaning the second link when the first one's target is unpublished.
    related = list(article.related_links.all())

    html: list[str] = []
    for part in parts:
        if isinstance(part, str):
            html.append(render_markdown(part))
        elif isinstance(part, EmbedSyntaxError):
            logger.warning("Article %s, line %s: %s (not shown)", article.pk, part.line_number, part.reason)
        else:
            html.append(_render_embed(article, part, figures, images, related))
    return mark_safe("\n".join(html))  # each piece is sanitized Markdown or one of our own templates


def _render_embed(article: Article, embed: Embed, figures: dict, images: dict, related: list) -> str:
    if embed.kind == EmbedKind.FIGURE:
        figure = figures.get(embed.ref)
        if figure is not None:
            return render_figure(figure, embedded=True)
        return _missing(article, embed, "no published figure has this slug")
    if embed.kind == EmbedKind.IMAGE:
        image = images.get(int(embed.ref))
        if image is not None:
            return render_image(image)
        return _missing(article, embed, "no image has this number")
    number = int(embed.ref)
    if not 1 <= number <= len(related):
        return _missing(article, embed, f"the article has {len(related)} related links")
    link = related[number - 1]
    if not is_shown(link):
        reason = "the linked article is not published" if link.target_id else "its URL is not an http(s) address"
        return _missing(article, embed, reason)
    return render_related_box(link)


def _missing(article: Article, embed: Embed, reason: str) -> str:
    logger.warning(
        "Article %s (%s), line %s: [%s: %s] not shown: %s.",
        article.pk,
        article.slug,
        embed.line_number,
        embed.kind,
        embed.ref,
        reason,
    )
    return ""
