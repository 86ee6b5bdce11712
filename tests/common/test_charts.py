"""The SVG charts' geometry and text: bars proportional to their values, numbers in the
reader's format in the text and the table, never in the SVG's coordinates."""

from django.template.loader import render_to_string
from django.utils import translation

from common.charts import Chart


def test_bars_are_proportional_and_empty_values_draw_nothing():
    chart = Chart(
        slug="t",
        title="Title",
        description="Description",
        category_label="Reviewer",
        series=["Own", "Committee"],
        rows=[("Ana", [4.0, 2.0]), ("Ben", [None, 1.0])],
        decimals=2,
    )
    ana, ben = chart.groups
    assert [bar.width for bar in ana.bars] == [380.0, 190.0]
    assert [bar.width for bar in ben.bars] == [0, 95.0]
    assert ben.value_texts == ["–", "1.00"]
    assert [item.label for item in chart.legend] == ["Own", "Committee"]


def test_numbers_read_in_the_readers_language_but_coordinates_stay_plain():
    with translation.override("fr"):
        chart = Chart(
            slug="fr",
            title="Moyennes",
            description="Des moyennes",
            category_label="Évaluateur",
            series=["Moyenne"],
            rows=[("Ana", [3.666])],
            decimals=2,
        )
        html = render_to_string("charts/chart.html", {"chart": chart})
    assert "3,67" in html  # the text and the table, in French
    assert 'width="380.0"' in html  # the coordinates, never "380,0"
    assert 'role="img"' in html
    assert 'aria-labelledby="chart-fr-title chart-fr-desc"' in html
    assert "style=" not in html and "<script" not in html
