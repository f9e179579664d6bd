"""Template filters for the portal's Vietnamese presentation."""

import json
import zoneinfo

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.body_images import render_body
from articles.text import xml_safe
from core.stylesheet import inline_css
from images import markup
from images.storage import media_url

register = template.Library()

# The portal writes every time in its own zone, the one settings name once.
PORTAL_TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def portal_datetime(value):
    """The VPCP date line: "Thứ sáu, 13/01/2017 12:49 GMT+7", with a
    no-break space before "GMT+7": a narrow column wraps the line after the
    weekday or the date, never between the time and its zone.

    Django's `vi` locale writes "Thứ 6", which is not what the portal shows.
    """
    if not value:
        return ""
    local = timezone.localtime(value, PORTAL_TZ)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y %H:%M}\N{NO-BREAK SPACE}GMT+7"


@register.filter
def date_line(day):
    """The top strip's date line for a date: "Thứ hai, 07/12/2026" ("" for
    none: the 500 page is rendered without the context processors)."""
    if not day:
        return ""
    return f"{WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}"


def _xml_safe_values(data):
    """`data` with every string passed through `xml_safe` (rows stored before
    text was cleaned on save may still carry control characters)."""
    if isinstance(data, str):
        return xml_safe(data)
    if isinstance(data, dict):
        return {key: _xml_safe_values(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_xml_safe_values(value) for value in data]
    return data


@register.filter
def vi_number(value):
    """An integer the Vietnamese way: 1000 -> "1.000" (dots between thousands)."""
    return f"{int(value):,}".replace(",", ".")


@register.filter
def iso_datetime(value):
    """A date-time as HTML's `datetime` attribute and Open Graph accept it:
    ISO 8601 to the second, portal time zone ("2017-01-13T12:49:00+07:00").
    Django's "c" format writes microseconds, which HTML does not allow."""
    if not value:
        return ""
    return timezone.localtime(value, PORTAL_TZ).isoformat(timespec="seconds")


@register.filter
def portal_short_datetime(value):
    """The time of a headline in a list: "13/01/2017 12:49" (GMT+7)."""
    if not value:
        return ""
    return f"{timezone.localtime(value, PORTAL_TZ):%d/%m/%Y %H:%M}"


@register.simple_tag
def json_ld(data):
    """A schema.org JSON-LD block, escaped so no string can close the script."""
    payload = json.dumps(_xml_safe_values(data), ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.simple_tag
def picture(description, *, alt="", sizes="100vw", lazy=True, priority=False):
    """A rendition description as `<picture>` (images.markup.picture says how
    `sizes`, `lazy` and `priority` are used); "" without a description."""
    return markup.picture(description, alt=alt, sizes=sizes, lazy=lazy, priority=priority)


@register.simple_tag(takes_context=True)
def media_uri(context, name):
    """The absolute address of the stored file `name` (images.storage.media_url:
    staff-only in a preview; in object storage, already absolute)."""
    return context["request"].build_absolute_uri(media_url(name))


@register.simple_tag
def inline_stylesheet():
    """The portal's stylesheet as one `<style>` element (core.stylesheet
    says why it is inlined; core.csp allows it by its hash)."""
    return format_html("<style>{}</style>", mark_safe(inline_css()))  # noqa: S308


@register.filter
def body_html(body):
    """The sanitized article body with uploaded images as responsive pictures."""
    return render_body(body)
