"""Checks that every embed in an article body names something that exists (see ``articles.embeds``).

Shared by the admin form, the related-link formset and ``publish_article``, so a body that reached the
database some other way is checked again before it goes live.
"""

from articles.embeds import Embed, EmbedKind, EmbedSyntaxError, parse_body
from articles.models import Image


def _line(embed: Embed | EmbedSyntaxError, text: str | None = None) -> str:
    return f"Line {embed.line_number}: “{(text or '').strip()}”"


def body_embed_errors(body: str, *, publishing: bool, related_link_count: int | None = None) -> list[str]:
    """Messages for every embed in ``body`` that names something missing, each naming its line.

    Figures must exist (and be published when the article is); images must exist; ``[related: N]`` must be
    within the article's ``related_link_count`` links (skipped when ``None``: the related-link formset
    checks it against the links being saved). Two queries at most, however many embeds.
    """
    from stats.models import Figure

    lines = body.splitlines()
    parts = parse_body(body)
    errors: list[str] = []
    embeds: list[Embed] = []
    for part in parts:
        if isinstance(part, EmbedSyntaxError):
            errors.append(f"{_line(part, part.line)}: {part.reason}")
        elif isinstance(part, Embed):
            embeds.append(part)

    def text_of(embed: Embed) -> str:
        return lines[embed.line_number - 1]

    figure_slugs = {e.ref for e in embeds if e.kind == EmbedKind.FIGURE}
    figures = dict(Figure.objects.filter(slug__in=figure_slugs).values_list("slug", "status")) if figure_slugs else {}
    image_ids = {int(e.ref) for e in embeds if e.kind == EmbedKind.IMAGE}
    images = set(Image.objects.filter(pk__in=image_ids).values_list("pk", flat=True)) if image_ids else set()

    for embed in embeds:
        where = _line(embed, text_of(embed))
        if embed.kind == EmbedKind.FIGURE:
            status = figures.get(embed.ref)
            if status is None:
                errors.append(f"{where}: there is no figure with the slug “{embed.ref}”.")
            elif publishing and status != Figure.Status.PUBLISHED:
                errors.append(
                    f"{where}: the figure “{embed.ref}” is still a draft. Ask the data desk to publish it, "
                    "or keep this article unpublished."
                )
        elif embed.kind == EmbedKind.IMAGE and int(embed.ref) not in images:
            errors.append(f"{where}: there is no image number {embed.ref} in the image library.")
        elif embed.kind == EmbedKind.RELATED and related_link_count is not None:
            errors.extend(_related_error(embed, where, related_link_count))
    return errors


def related_embed_errors(body: str, *, related_link_count: int) -> list[str]:
    """Messages for ``[related: N]`` lines beyond the article's related links. Makes no queries."""
    lines = body.splitlines()
    errors: list[str] = []
    for part in parse_body(body):
        if isinstance(part, Embed) and part.kind == EmbedKind.RELATED:
            errors.extend(_related_error(part, _line(part, lines[part.line_number - 1]), related_link_count))
    return errors


def _related_error(embed: Embed, where: str, count: int) -> list[str]:
    number = int(embed.ref)
    if 1 <= number <= count:
        return []
    if count == 0:
        return [f"{where}: the article has no related links; add one below, or remove this line."]
    plural = "link" if count == 1 else "links"
    return [f"{where}: there is no related link {number}; the article has {count} related {plural} (1 to {count})."]
