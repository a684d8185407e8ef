"""The one-line embed syntax editors use to place things inside an article body.

An embed is a line of its own, in square brackets::

    [figure: russian-wartime-emigres-by-country]   a data figure, by its slug
    [image: 12]                                    an image from the library, by its number
    [related: 1]                                   the article's first related link, as a box

Anything else in the body is Markdown. Parsing is pure text work here; checking that the named thing
exists and rendering it are done by the callers, which batch the look-ups.
"""

import re
from dataclasses import dataclass
from enum import StrEnum


class EmbedKind(StrEnum):
    FIGURE = "figure"
    IMAGE = "image"
    RELATED = "related"


EMBED_LINE = re.compile(r"^\s*\[\s*(?P<kind>[A-Za-z]+)\s*:\s*(?P<ref>[^\]]*?)\s*\]\s*$")


@dataclass(frozen=True)
class Embed:
    kind: EmbedKind
    ref: str
    line_number: int  # 1-based, as the editor sees it in the text box


@dataclass(frozen=True)
class EmbedSyntaxError:
    line_number: int
    line: str
    reason: str


def parse_body(body: str) -> list[str | Embed | EmbedSyntaxError]:
    """Split a body into Markdown chunks and embeds, in order.

    A line that looks like an embed (``[word: ...]`` alone on a line) but names an unknown kind or has a
    malformed reference is returned as an :class:`EmbedSyntaxError`, so the admin can name the line.
    """
    parts: list[str | Embed | EmbedSyntaxError] = []
    chunk: list[str] = []
    in_code_fence = False
    for number, line in enumerate(body.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code_fence = not in_code_fence
        match = None if in_code_fence else EMBED_LINE.match(line)
        if match is None:
            chunk.append(line)
            continue
        if chunk:
            parts.append("\n".join(chunk))
            chunk = []
        parts.append(_parse_embed(match["kind"].lower(), match["ref"], number, line))
    if chunk:
        parts.append("\n".join(chunk))
    return parts


def _parse_embed(kind: str, ref: str, number: int, line: str) -> Embed | EmbedSyntaxError:
    known = ", ".join(k.value for k in EmbedKind)
    if kind not in EmbedKind._value2member_map_:
        return EmbedSyntaxError(number, line, f"“{kind}” is not something that can be embedded (use {known}).")
    kind = EmbedKind(kind)
    if not ref:
        return EmbedSyntaxError(number, line, f"Say which {kind} to embed, e.g. “[{kind}: …]”.")
    if kind in (EmbedKind.IMAGE, EmbedKind.RELATED) and not ref.isdigit():
        what = "an image number" if kind == EmbedKind.IMAGE else "the number of a related link (1 for the first)"
        return EmbedSyntaxError(number, line, f"“{ref}” is not {what}.")
    if kind == EmbedKind.FIGURE and not re.fullmatch(r"[-a-zA-Z0-9_]+", ref):
        return EmbedSyntaxError(number, line, f"“{ref}” is not a figure slug.")
    return Embed(kind, ref, number)


def embeds_in(body: str) -> list[Embed]:
    return [part for part in parse_body(body) if isinstance(part, Embed)]
