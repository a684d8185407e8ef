"""Checks that every embed in an article body names something that exists (see ``articles.embeds``).

Shared by the admin form, the related-link formset and ``publish_article``, so a body that reached the
database some other way is checked again before it goes live.
"""

from dataclasses import dataclass

from articles.embeds import Embed, EmbedKind, EmbedSyntaxError, parse_body
from articles.models import Image


@dataclass(frozen=True, order=True)
class EmbedProblem:
    """One bad embed line. Problems sort by line number, so editors read them in the order of the text."""

    line_number: int
    message: str  # names the line itself: "Line 7: “[related: 2]”: there is no related link 2; …"

    def __str__(self) -> str:
        return self.message


def _line(embed: Embed | EmbedSyntaxError, text: str | None = None) -> str:
    return f"Line {embed.line_number}: “{(text or '').strip()}”"


def body_embed_errors(body: str, *, publishing: bool, related_link_count: int | None = None) -> list[str]:
    """Messages for every embed in ``body`` that names something missing, each naming its line, in line order.

    See :func:`body_embed_problems`.
    """
    return [
        str(problem)
        for problem in body_embed_problems(body, publishing=publishing, related_link_count=related_link_count)
    ]


def body_embed_problems(body: str, *, publishing: bool, related_link_count: int | None = None) -> list[EmbedProblem]:
    """Every embed in ``body`` that is malformed or names something missing, in line order.

    Figures must exist (and be published when the article is); images must exist; ``[related: N]`` must be
    within the article's ``related_link_count`` links (skipped when ``None``: the related-link formset
    checks it against the links being saved). Two queries at most, however many embeds.
    """
    from stats.models import Figure

    lines = body.splitlines()
    parts = parse_body(body)
    problems: list[EmbedProblem] = []
    embeds: list[Embed] = []
    for part in parts:
        if isinstance(part, EmbedSyntaxError):
            problems.append(EmbedProblem(part.line_number, f"{_line(part, part.line)}: {part.reason}"))
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
        message = None
        if embed.kind == EmbedKind.FIGURE:
            status = figures.get(embed.ref)
            if status is None:
                message = f"{where}: there is no figure with the slug “{embed.ref}”."
            elif publishing and status != Figure.Status.PUBLISHED:
                message = (
                    f"{where}: the figure “{embed.ref}” is still a draft. Ask the data desk to publish it, "
                    "or keep this article unpublished."
                )
        elif embed.kind == EmbedKind.IMAGE and int(embed.ref) not in images:
            message = f"{where}: there is no image number {embed.ref} in the image library."
        elif embed.kind == EmbedKind.RELATED and related_link_count is not None:
            message = _related_error(embed, where, related_link_count)
        if message:
            problems.append(EmbedProblem(embed.line_number, message))
    return sorted(problems)


def related_embed_problems(body: str, *, related_link_count: int) -> list[EmbedProblem]:
    """``[related: N]`` lines beyond the article's related links, in line order. Makes no queries."""
    lines = body.splitlines()
    problems: list[EmbedProblem] = []
    for part in parse_body(body):
        if isinstance(part, Embed) and part.kind == EmbedKind.RELATED:
            message = _related_error(part, _line(part, lines[part.line_number - 1]), related_link_count)
            if message:
                problems.append(EmbedProblem(part.line_number, message))
    return problems


def _related_error(embed: Embed, where: str, count: int) -> str | None:
    number = int(embed.ref)
    if 1 <= number <= count:
        return None
    if count == 0:
        return f"{where}: the article has no related links; add one below, or remove this line."
    plural = "link" if count == 1 else "links"
    return f"{where}: there is no related link {number}; the article has {count} related {plural} (1 to {count})."
