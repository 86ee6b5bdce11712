"""Charts drawn on the server as accessible SVG: horizontal bars, one or more series.

Each chart has a title and a description the SVG names itself by (``role="img"``,
``aria-labelledby``), and the same data as a table beside it, so nothing is only in the
picture. No script and no style attribute: the geometry is computed here and written as SVG
attributes by ``templates/charts/chart.html`` (``{% include "charts/chart.html" with chart=… %}``),
within the strict content security policy.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format

# The palette: dark enough on white for text-sized contrast (WCAG AA), distinct in grey.
SERIES_COLOURS = ["#1b5e8c", "#b35900", "#2e7d32", "#6a1b9a"]

WIDTH = 640
LABEL_WIDTH = 200
VALUE_ROOM = 60
BAR_HEIGHT = 16
BAR_GAP = 4
GROUP_GAP = 12
TOP = 8
LEGEND_ROW = 22


@dataclass
class Bar:
    x: int
    y: int
    width: float
    height: int
    colour: str
    value_text: str
    text_x: float
    text_y: int


@dataclass
class Group:
    label: str
    label_y: int
    values: list
    value_texts: list
    bars: list = field(default_factory=list)


@dataclass
class LegendItem:
    label: str
    colour: str
    x: int
    y: int


@dataclass
class Chart:
    """``rows``: ``[(category label, [value per series])]``; ``None`` is "no data"."""

    slug: str
    title: str
    description: str
    category_label: str
    series: list
    rows: list
    decimals: int = 0
    groups: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    height: int = 0

    def __post_init__(self):
        self._lay_out()

    @property
    def has_data(self):
        return any(value for _label, values in self.rows for value in values)

    def _format(self, value):
        if value is None:
            return "–"
        if self.decimals:  # rounded first: number_format cuts the digits off
            return number_format(round(value, self.decimals), self.decimals, use_l10n=True)
        return number_format(value, use_l10n=True)

    def _lay_out(self):
        highest = max(
            (value for _label, values in self.rows for value in values if value is not None),
            default=0,
        )
        room = self.width - self.label_width - VALUE_ROOM
        y = TOP
        if len(self.series) > 1:
            for index, name in enumerate(self.series):
                self.legend.append(
                    LegendItem(name, SERIES_COLOURS[index % 4], self.label_width + 160 * index, y)
                )
            y += LEGEND_ROW
        for label, values in self.rows:
            count = len(values)
            group_height = count * BAR_HEIGHT + (count - 1) * BAR_GAP
            group = Group(
                label=label,
                label_y=y + group_height // 2 + 5,
                values=values,
                value_texts=[self._format(value) for value in values],
            )
            for index, value in enumerate(values):
                width = 0 if not highest or value is None else room * value / highest
                bar_y = y + index * (BAR_HEIGHT + BAR_GAP)
                group.bars.append(
                    Bar(
                        x=self.label_width,
                        y=bar_y,
                        width=round(width, 1),
                        height=BAR_HEIGHT,
                        colour=SERIES_COLOURS[index % 4],
                        value_text=self._format(value),
                        text_x=round(self.label_width + width + 6, 1),
                        text_y=bar_y + BAR_HEIGHT - 3,
                    )
                )
            self.groups.append(group)
            y += group_height + GROUP_GAP
        self.height = y + TOP

    @property
    def label_x(self):
        return self.label_width - 8
