"""Numbers as spreadsheets hold them: separators, floats, leading qualifiers, "no value" marks, and refusals."""

from decimal import Decimal

import pytest

from stats.widgets import QualifierWidget, escape_formula, parse_value, unescape_formula


@pytest.mark.parametrize(
    ("cell", "value", "qualifier"),
    [
        (110000, Decimal(110000), None),
        (80000.0, Decimal(80000), None),
        ("110000", Decimal(110000), None),
        ("110,000", Decimal(110000), None),
        ("110 000", Decimal(110000), None),
        ("110\u00a0000", Decimal(110000), None),
        ("110\u202f000", Decimal(110000), None),
        ("1,234,567.5", Decimal("1234567.5"), None),
        ("over 48,000", Decimal(48000), "more than"),
        ("more than 48,000", Decimal(48000), "more than"),
        ("~80,000", Decimal(80000), "about"),
        ("about 74,000", Decimal(74000), "about"),
        ("around 80 000", Decimal(80000), "about"),
        ("at least 5,000", Decimal(5000), "at least"),
        ("fewer than 100", Decimal(100), "fewer than"),
        ("1.5e3", Decimal(1500), None),
        ("", None, None),
        (None, None, None),
        ("n/a", None, None),
        ("N/A", None, None),
        ("–", None, None),
        ("—", None, None),
        ("-", None, None),
    ],
)
def test_spreadsheet_numbers_are_read_with_their_qualifier(cell, value, qualifier):
    assert parse_value(cell) == (value, qualifier)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("abc", "is not a number"),
        ("12,34", "is not a number"),
        ("-5", "negative"),
        ("1e999999", "too large"),
        ("1E+999999999", "too large"),
        (1e300, "too large"),
        (float("nan"), "not a number"),
        (float("inf"), "not a number"),
        ("over", "qualifier but no number"),
        ("0.000001", "decimal places"),
    ],
)
def test_anything_else_is_refused_naming_the_text(cell, reason):
    with pytest.raises(ValueError, match=reason) as error:
        parse_value(cell)
    if isinstance(cell, str):
        assert cell in str(error.value)


def test_the_qualifier_column_and_a_qualified_value_must_agree():
    widget = QualifierWidget()
    assert widget.clean("", row={"value": "over 48,000"}) == "more than"
    assert widget.clean("about", row={"value": "80000"}) == "about"
    assert widget.clean("more than", row={"value": "over 48,000"}) == "more than"
    with pytest.raises(ValueError, match="make them agree"):
        widget.clean("about", row={"value": "over 48,000"})


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\0x"])
def test_formula_triggers_are_escaped_and_the_escape_is_undone_on_import(text):
    escaped = escape_formula(text)
    assert escaped == "'" + text
    assert unescape_formula(escaped) == text


def test_ordinary_text_is_not_escaped():
    assert escape_formula("Visa-free for Russian citizens") == "Visa-free for Russian citizens"
    assert unescape_formula("'quoted' text") == "'quoted' text"
