"""The admin's date drill-down, drawn from the calendar instead of the rows.

Django's `date_hierarchy` lists the years, months or days that hold at least
one row: a DISTINCT over every row of the list, seconds on a table of
millions. This one asks the table only its first and last date (two reads of
the date's index) and lists every year, month or day between them; a period
without rows opens an empty list. Same template, same links.
"""

import calendar
import datetime

from django import template
from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

register = template.Library()


def _bounds(cl):
    """(first, last) local dates of the list's date field, or None when the
    table is empty. The model admin may name the rows to bound by
    (`date_hierarchy_bounds()`, a queryset whose field is indexed)."""
    bounded = getattr(cl.model_admin, "date_hierarchy_bounds", None)
    rows = bounded() if bounded is not None else cl.root_queryset
    found = rows.order_by().aggregate(first=Min(cl.date_hierarchy), last=Max(cl.date_hierarchy))
    if found["first"] is None:
        return None
    return tuple(_local_date(found[end]) for end in ("first", "last"))


def _local_date(value):
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date()
    return value


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@register.inclusion_tag("admin/date_hierarchy.html")
def calendar_hierarchy(cl):
    """The drill-down context of Django's `date_hierarchy` tag for `cl` (a
    ChangeList), computed from the first and last dates only."""
    field = cl.date_hierarchy
    names = {part: f"{field}__{part}" for part in ("year", "month", "day")}
    year, month, day = (_number(cl.params.get(names[part])) for part in ("year", "month", "day"))

    def link(filters):
        return cl.get_query_string(filters, [f"{field}__"])

    bounds = _bounds(cl)
    if bounds is None:
        return {"show": False}
    first, last = bounds
    if not year:
        if first.year != last.year:
            years = range(first.year, last.year + 1)
            choices = [{"link": link({names["year"]: y}), "title": str(y)} for y in years]
            return {"show": True, "back": None, "choices": choices}
        year = first.year
        if first.month == last.month:
            month = month or first.month
    if year and month and day:
        try:
            chosen = datetime.date(year, month, day)
        except ValueError:
            return {"show": False}
        return {
            "show": True,
            "back": {
                "link": link({names["year"]: year, names["month"]: month}),
                "title": capfirst(formats.date_format(chosen, "YEAR_MONTH_FORMAT")),
            },
            "choices": [{"title": capfirst(formats.date_format(chosen, "MONTH_DAY_FORMAT"))}],
        }
    if year and month:
        if not 1 <= month <= 12:
            return {"show": False}
        start = datetime.date(year, month, 1)
        end = start.replace(day=calendar.monthrange(year, month)[1])
        days = _between(start, end, first, last)
        return {
            "show": True,
            "back": {"link": link({names["year"]: year}), "title": str(year)},
            "choices": [
                {
                    "link": link({names["year"]: year, names["month"]: month, names["day"]: d}),
                    "title": capfirst(
                        formats.date_format(datetime.date(year, month, d), "MONTH_DAY_FORMAT")
                    ),
                }
                for d in days
            ],
        }
    months = _months(year, first, last)
    return {
        "show": True,
        "back": {"link": link({}), "title": gettext("All dates")},
        "choices": [
            {
                "link": link({names["year"]: year, names["month"]: m}),
                "title": capfirst(
                    formats.date_format(datetime.date(year, m, 1), "YEAR_MONTH_FORMAT")
                ),
            }
            for m in months
        ],
    }


def _between(start, end, first, last):
    """The days of the month [start, end] that fall within [first, last]."""
    low, high = max(start, first), min(end, last)
    return range(low.day, high.day + 1) if low <= high else range(0)


def _months(year, first, last):
    """The months of `year` within [first, last]."""
    low = first.month if year == first.year else 1
    high = last.month if year == last.year else 12
    return range(low, high + 1) if first.year <= year <= last.year else range(0)
