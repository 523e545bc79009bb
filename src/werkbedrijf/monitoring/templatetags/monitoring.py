"""Charts and figures for the monitoring pages, without JavaScript or outside assets.

`bar_chart` and `line_chart` draw an inline SVG from a list of (label, value) pairs, or (label, (value, …))
for more than one series, with role="img" and an aria-label; the page always has the same numbers in a
table beside the chart (the tags say so in the label). A value is a number, a selectors.Count, or None for
a suppressed figure: it gets no bar or point and is labelled "<5". Only presentation attributes are used
(the content security policy allows no inline style).
"""

from __future__ import annotations

import math
from decimal import Decimal
from itertools import count as counter

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from werkbedrijf.monitoring.permissions import SMALL_COUNT
from werkbedrijf.monitoring.selectors import Count

register = template.Library()

SUPPRESSED = f"<{SMALL_COUNT}"
# Colours with at least 3:1 contrast on white (WCAG 1.4.11); series differ in pattern and marker too.
COLOURS = ("#00568b", "#a35200", "#1e6b34", "#6b2c91")
DASHES = ("", "6 4", "2 3", "10 3 2 3")
TEXT = "#1a1a1a"
GRID = "#767676"
WIDTH = 512  # drawn 1:1 in a .wb-narrow column (32rem), scaled down on small screens
_ids = counter(1)


def _join(parts) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _c(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _number(value) -> float | None:
    if isinstance(value, Count):
        value = value.value
    if value is None:
        return None
    return float(value)


def _format(value, decimals: int | None = None) -> str:
    if isinstance(value, Count):
        value = value.value
    if value is None:
        return SUPPRESSED
    if decimals is None:
        decimals = 0 if isinstance(value, int) or value == int(value) else 1
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def _decimals(value: float) -> int:
    return next((places for places in (0, 1, 2) if round(value, places) == value), 2)


def _rows(rows) -> tuple[list[str], list[tuple]]:
    labels, values = [], []
    for label, value in rows:
        labels.append(str(label))
        values.append(tuple(value) if isinstance(value, list | tuple) else (value,))
    return labels, values


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _short(label: str, length: int = 20) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def _aria(title: str) -> str:
    return _("%(title)s. The same figures are in the table with the chart.") % {"title": title}


LEGEND_LINE = 22


def _legend_places(series: list[str], swatch: int) -> list[tuple[int, int]]:
    """Where each series' legend entry starts (x, y): side by side, on a new line when it would not fit."""
    places, x, y = [], 0, 0
    for name in series:
        needed = swatch + 7 * len(name) + 20
        if x and x + needed > WIDTH:
            x, y = 0, y + LEGEND_LINE
        places.append((x, y))
        x += needed
    return places


def _legend(series: list[str], pattern_ids: list[str]) -> tuple[SafeString, int]:
    if len(series) < 2:
        return _join([]), 0
    places = _legend_places(series, 20)
    parts = [
        format_html(
            '<rect x="{}" y="{}" width="14" height="14" fill="url(#{})" stroke="{}"/>'
            '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
            x,
            y,
            pattern_ids[i],
            COLOURS[i % len(COLOURS)],
            x + 20,
            y + 12,
            TEXT,
            name,
        )
        for i, (name, (x, y)) in enumerate(zip(series, places, strict=True))
    ]
    return _join(parts), places[-1][1] + LEGEND_LINE + 4


def _marker(series: int, x: float, y: float) -> SafeString:
    colour = COLOURS[series % len(COLOURS)]
    if series == 0:
        return format_html('<circle cx="{}" cy="{}" r="3.5" fill="{}"/>', _c(x), _c(y), colour)
    return format_html(
        '<rect x="{}" y="{}" width="7" height="7" fill="{}"/>', _c(x - 3.5), _c(y - 3.5), colour
    )


def _line_legend(series: list[str]) -> tuple[SafeString, int]:
    if len(series) < 2:
        return _join([]), 0
    places = _legend_places(series, 30)
    parts = []
    for i, (name, (x, y)) in enumerate(zip(series, places, strict=True)):
        dash = DASHES[i % len(DASHES)]
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"{}/>{}'
                '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
                x,
                y + 7,
                x + 24,
                y + 7,
                COLOURS[i % len(COLOURS)],
                format_html(' stroke-dasharray="{}"', dash) if dash else "",
                _marker(i, x + 12, y + 7),
                x + 30,
                y + 12,
                TEXT,
                name,
            )
        )
    return _join(parts), places[-1][1] + LEGEND_LINE + 4


def _patterns(chart_id: str, count: int) -> tuple[SafeString, list[str]]:
    """A solid fill for the first series, diagonal hatching in the others' colours for the rest."""
    ids, defs = [], []
    for i in range(count):
        colour = COLOURS[i % len(COLOURS)]
        pattern_id = f"{chart_id}-p{i}"
        ids.append(pattern_id)
        if i == 0:
            defs.append(
                format_html(
                    '<pattern id="{}" width="8" height="8" patternUnits="userSpaceOnUse">'
                    '<rect width="8" height="8" fill="{}"/></pattern>',
                    pattern_id,
                    colour,
                )
            )
        else:
            defs.append(
                format_html(
                    '<pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse" '
                    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
                    '<rect width="3" height="6" fill="{}"/></pattern>',
                    pattern_id,
                    colour,
                )
            )
    return format_html("<defs>{}</defs>", _join(defs)), ids


def _svg(chart_id: str, title: str, height: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="wb-chart" id="{}" role="img" aria-label="{}" focusable="false" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg" font-family="inherit">{}</svg>',
        chart_id,
        _aria(title),
        WIDTH,
        height,
        body,
    )


@register.simple_tag
def bar_chart(rows, title: str, series="", decimals=None, unit: str = "", missing=SUPPRESSED) -> SafeString:
    """Horizontal bars, one group per label. `series`: names separated by "|" (for the legend); `missing`:
    the text for a value of None (a dash where None means "nothing to divide by", as for percentages)."""
    labels, values = _rows(rows)
    names = [name for name in str(series).split("|") if name] if series else []
    width = max([len(v) for v in values] + [len(names), 1])
    chart_id = f"wb-chart-{next(_ids)}"
    defs, pattern_ids = _patterns(chart_id, width)
    legend, top = _legend(names, pattern_ids)
    numbers = [n for group in values for n in map(_number, group) if n is not None]
    scale_max = _nice_max(max(numbers, default=0))
    label_width, value_width, bar, gap = 150, 70, 16, 12
    area = WIDTH - label_width - value_width
    parts = [defs, legend]
    y = top + 4
    if not labels:
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="13" fill="{}">{}</text>', y + 14, TEXT, _("No figures")
            )
        )
        y += 24
    for label, group in zip(labels, values, strict=True):
        group_height = bar * len(group)
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" fill="{}" text-anchor="end">{}</text>',
                label_width - 8,
                _c(y + group_height / 2 + 4.5),
                TEXT,
                _short(label),
            )
        )
        for i, value in enumerate(group):
            number = _number(value)
            length = 0.0 if number is None else max(area * number / scale_max, 0.0)
            if length:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{})" stroke="{}"/>',
                        label_width,
                        _c(y + 1),
                        _c(length),
                        bar - 2,
                        pattern_ids[i],
                        COLOURS[i % len(COLOURS)],
                    )
                )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" fill="{}">{}{}</text>',
                    _c(label_width + length + 6),
                    _c(y + bar - 4),
                    TEXT,
                    _format(value, decimals) if _number(value) is not None else missing,
                    unit if _number(value) is not None else "",
                )
            )
            y += bar
        y += gap
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>', label_width, top, label_width, y, GRID
        )
    )
    return _svg(chart_id, title, int(y) + 4, _join(parts))


@register.simple_tag
def line_chart(rows, title: str, series="", decimals=None) -> SafeString:
    """Lines over the labels (months), one per series; a suppressed point breaks its line."""
    labels, values = _rows(rows)
    names = [name for name in str(series).split("|") if name] if series else []
    width = max([len(v) for v in values] + [len(names), 1])
    chart_id = f"wb-chart-{next(_ids)}"
    legend, top = _line_legend(names)
    numbers = [n for group in values for n in map(_number, group) if n is not None]
    scale_max = _nice_max(max(numbers, default=0))
    left, right, plot_height, bottom = 56, 16, 200, 40
    plot_top = top + 10
    plot_width = WIDTH - left - right
    parts = [legend]
    for tick in range(5):
        tick_value = scale_max * tick / 4
        y = plot_top + plot_height - plot_height * tick / 4
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>'
                '<text x="{}" y="{}" font-size="12" fill="{}" text-anchor="end">{}</text>',
                left,
                _c(y),
                WIDTH - right,
                _c(y),
                GRID,
                "1" if tick == 0 else "0.4",
                left - 6,
                _c(y + 4),
                TEXT,
                _format(Decimal(str(tick_value)), _decimals(tick_value)),
            )
        )
    n = len(labels)
    step = plot_width / max(n - 1, 1)
    every = max(1, math.ceil(n / 6))

    def x_of(i: int) -> float:
        return left + (step * i if n > 1 else plot_width / 2)

    def y_of(number: float) -> float:
        return plot_top + plot_height - plot_height * number / scale_max

    for i, label in enumerate(labels):
        if (n - 1 - i) % every == 0:  # the latest month always has its label
            anchor = "middle" if n == 1 or 0 < i < n - 1 else ("start" if i == 0 else "end")
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" fill="{}" text-anchor="{}">{}</text>',
                    _c(x_of(i)),
                    plot_top + plot_height + 18,
                    TEXT,
                    anchor,
                    _short(label, 10),
                )
            )
    for s in range(width):
        colour, dash = COLOURS[s % len(COLOURS)], DASHES[s % len(DASHES)]
        segments: list[list[tuple[float, float]]] = [[]]
        for i, group in enumerate(values):
            number = _number(group[s]) if s < len(group) else None
            if number is None:
                segments.append([])
                continue
            segments[-1].append((x_of(i), y_of(number)))
        for segment in segments:
            if len(segment) > 1:
                parts.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>',
                        " ".join(f"{x:.1f},{y:.1f}" for x, y in segment),
                        colour,
                        format_html(' stroke-dasharray="{}"', dash) if dash else "",
                    )
                )
            parts.extend(_marker(s, x, y) for x, y in segment)
    return _svg(chart_id, title, plot_top + plot_height + bottom, _join(parts))


@register.filter
def figure(value, decimals=None) -> str:
    """A Count, an int or a Decimal as shown in the tables; None (a suppressed figure) as "<5"."""
    return _format(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value) -> str:
    """A percentage to one decimal; None (nothing to divide by, or hidden) as a dash."""
    if value is None:
        return "–"
    return f"{number_format(value, decimal_pos=1)} %"


@register.filter
def share_percent(value) -> str:
    """A share set with up to 3 decimals, without trailing zeros: 2.5 %, 2.857 %."""
    if value is None:
        return "–"
    value = Decimal(value)
    places = next((p for p in (0, 1, 2, 3) if value == value.quantize(Decimal(1).scaleb(-p))), 3)
    return f"{number_format(value, decimal_pos=places)} %"


@register.filter
def part_of(value, whole) -> Decimal | None:
    """value as a percentage of whole, or None when either is missing or whole is 0."""
    value, whole = _number(value), _number(whole)
    if value is None or not whole:
        return None
    return (Decimal(str(value)) * 100 / Decimal(str(whole))).quantize(Decimal("0.1"))
