import pytest

from publication.spreadsheets import spreadsheet_safe


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("Norte; =1+1", "Norte; '=1+1"),
        ("Norte;@SUM(A1)", "Norte;'@SUM(A1)"),
        ("Norte,\t-2", "Norte,\t'-2"),
        ("Line\n+34", "Line\n'+34"),
        ("Renca - Santiago", "Renca - Santiago"),
        ("Municipality of Renca; Ally", "Municipality of Renca; Ally"),
        (-2, -2),
    ],
)
def test_formulas_are_neutralised_at_the_start_and_after_each_separator(value, safe):
    assert spreadsheet_safe(value) == safe
