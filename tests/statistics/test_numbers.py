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
        # Plain decimals, as before: a dot not followed by exactly three digits, or a leading 0.
        ("1.5", Decimal("1.5"), None),
        ("1.2345", Decimal("1.2345"), None),
        ("0.123", Decimal("0.123"), None),
        ("1234.567", Decimal("1234.567"), None),
        # Continental European forms that can only mean one number.
        ("1.234.567", Decimal(1234567), None),
        ("1.000.000", Decimal(1000000), None),
        ("1.234.567,5", Decimal("1234567.5"), None),
        ("1.234,5", Decimal("1234.5"), None),
        ("16,5", Decimal("16.5"), None),
        ("1,2345", Decimal("1.2345"), None),
        ("12,34", Decimal("12.34"), None),
        ("0,500", Decimal("0.5"), None),
        ("1 234,5", Decimal("1234.5"), None),
        ("110\u00a0000,25", Decimal("110000.25"), None),
        ("over 1.234.567", Decimal(1234567), "more than"),
        ("about 16,5", Decimal("16.5"), "about"),
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
        ("1234,567", "is not a number"),
        ("1.23.456", "is not a number"),
        ("1,5e3", "is not a number"),
        ("1.234.56", "is not a number"),
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


@pytest.mark.parametrize(
    ("cell", "readings", "advice"),
    [
        ("36.000", "could be 36 or 36,000", "Write 36000 if you mean 36,000, or 36 if you mean 36."),
        ("about 36.000", "could be 36 or 36,000", "Write 36000 if you mean 36,000, or 36 if you mean 36."),
        ("1.234", "could be 1.234 or 1,234", "Write 1234 if you mean 1,234, or 1.2340 if you mean 1.234."),
        ("110.000", "could be 110 or 110,000", "Write 110000 if you mean 110,000"),
        ("1.230", "could be 1.23 or 1,230", "Write 1230 if you mean 1,230, or 1.23 if you mean 1.23."),
    ],
)
def test_a_single_dot_before_three_digits_is_refused_as_ambiguous_with_how_to_write_it(cell, readings, advice):
    # German and Spanish spreadsheets group thousands with a dot: reading "36.000" as 36 stored Germany's
    # 36,000 emigres as 36, with "0 errors". Neither reading is safe to guess.
    with pytest.raises(ValueError) as error:
        parse_value(cell)
    message = str(error.value)
    assert f"“{cell}” {readings}" in message
    assert advice in message


@pytest.mark.parametrize("advised", ["36000", "36", "1234", "1.2340", "1.23"])
def test_the_advised_unambiguous_forms_are_read(advised):
    assert parse_value(advised)[0] == Decimal(advised)


def test_xlsx_numeric_cells_are_not_second_guessed():
    # A float cell holds a number, not text with separators: 36.0 and 1.234 are what they say.
    assert parse_value(36.0) == (Decimal(36), None)
    assert parse_value(1.234) == (Decimal("1.234"), None)
    assert parse_value(80000.0) == (Decimal(80000), None)
