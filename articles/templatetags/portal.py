"""Template filters for the portal's Vietnamese presentation."""

import json
import zoneinfo

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

register = template.Library()

PORTAL_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def portal_datetime(value):
    """The VPCP date line: "Thứ sáu, 13/01/2017 12:49 GMT+7".

    Django's `vi` locale writes "Thứ 6", which is not what the portal shows.
    """
    if not value:
        return ""
    local = timezone.localtime(value, PORTAL_TZ)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y %H:%M} GMT+7"


@register.filter
def portal_short_datetime(value):
    """The time of a headline in a list: "13/01/2017 12:49" (GMT+7)."""
    if not value:
        return ""
    return f"{timezone.localtime(value, PORTAL_TZ):%d/%m/%Y %H:%M}"


@register.simple_tag
def json_ld(data):
    """A schema.org JSON-LD block, escaped so no string can close the script."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
