"""Calendar months as the monitoring counts them: a month is its first day, measured on its last day (on
today in the current month)."""

from datetime import date, timedelta


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_back(month: date, months: int) -> date:
    """The first day of the month `months` before `month`'s (after it when negative)."""
    index = month.year * 12 + month.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def next_month(month: date) -> date:
    return months_back(month, -1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from `first`'s to `last`'s, both included."""
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = next_month(current)
    return months


def measuring_day(month: date, today: date) -> date:
    """The day the figures of `month` are about: its last day, or `today` when that comes first."""
    return min(next_month(month) - timedelta(days=1), today)
