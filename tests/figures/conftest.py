import xml.etree.ElementTree as ET

import pytest
from defusedxml.ElementTree import fromstring

from stats.demo import load_launch_data

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def launch(db):
    """The launch dataset and figure, as the demo loads them."""
    return load_launch_data()


def svg_of(html: str) -> ET.Element:
    """The figure's chart, parsed as XML: a malformed or unescaped SVG fails here."""
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return fromstring(html[start:end])


def table_of(html: str) -> ET.Element:
    start, end = html.index("<table"), html.index("</table>") + len("</table>")
    return fromstring(html[start:end])


def text_of(element: ET.Element) -> str:
    """The text a screen reader would read: aria-hidden parts (the flags) left out."""

    def read(node: ET.Element):
        if node.get("aria-hidden") != "true":
            yield node.text or ""
            for child in node:
                yield from read(child)
        yield node.tail or ""

    parts = [element.text or ""]
    for child in element:
        parts.extend(read(child))
    return " ".join("".join(parts).split())


def table_rows(table: ET.Element) -> dict[str, str]:
    """Row header -> value cell, as read aloud."""
    return {text_of(tr.find("th")): text_of(tr.find("td")) for tr in table.iter("tr") if tr.find("td") is not None}


def bar_labels(svg: ET.Element) -> list[str]:
    """The country names next to drawn bars or dots, top to bottom (flag and note marker left out)."""
    labels = []
    for group in svg.iter(f"{SVG}g"):
        if "figure__row" not in group.get("class", "").split():
            continue
        label = next(t for t in group.iter(f"{SVG}text") if "figure__label" in t.get("class", ""))
        labels.append((label.text or "").strip() or label[0].tail.strip())
    return labels


def drawn_groups(svg: ET.Element) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if "figure__row" in g.get("class", "").split()]
