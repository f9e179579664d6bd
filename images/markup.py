"""The `<picture>` markup of a rendition description (images.renditions):
WebP and JPEG at every width through `srcset`/`sizes`, width and height set so
the page does not shift while it loads. Written here once, for the templates'
`picture` tag and for the images inside article bodies."""

import html
import re
from collections.abc import Mapping

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .renditions import fallback_name, srcset
from .storage import media_url

# nh3 writes attributes double-quoted and escaped, so these read its output safely.
_IMG_RE = re.compile(r"<img\b[^>]*>")
_ATTR_RE = re.compile(r'([\w-]+)="([^"]*)"')
_FILE_RE = re.compile(r'data-file="(\d+)"')


def picture(
    description: dict | None,
    *,
    alt: str = "",
    sizes: str = "100vw",
    lazy: bool = True,
    priority: bool = False,
) -> SafeString | str:
    """`description` as `<picture>`; "" without a description.

    Args:
        description: a rendition description ({"width", "height", "webp",
            "jpeg"}, see images.renditions); its largest JPEG is the plain `src`.
        alt: the text alternative (escaped here).
        sizes: the `sizes` attribute (CSS lengths and media conditions).
        lazy: `loading="lazy"` (images below the first screen).
        priority: for the page's largest image (its Largest Contentful Paint):
            fetched first (`fetchpriority="high"`), never lazily.
    """
    if not description:
        return ""
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}></picture>',
        srcset(description, "webp"),
        sizes,
        media_url(fallback_name(description)),
        srcset(description, "jpeg"),
        sizes,
        description["width"],
        description["height"],
        alt,
        _loading(lazy=lazy, priority=priority),
    )


def _loading(*, lazy: bool, priority: bool) -> SafeString | str:
    if priority:
        return mark_safe(' fetchpriority="high"')
    return mark_safe(' loading="lazy"') if lazy else ""


def file_ids(body: str) -> set[int]:
    """Ids of the uploaded images a sanitized body names (`data-file="<id>"`)."""
    return {int(found) for found in _FILE_RE.findall(body)}


def with_pictures(body: str, descriptions: Mapping[int, dict], *, sizes: str) -> SafeString:
    """A sanitized body with every `<img data-file="<id>">` whose id has a
    description in `descriptions` replaced by its lazy `<picture>`, keeping
    the image's alt text; other images are left as they are. The body must
    come from the sanitizer: it is marked safe as it is."""

    def swap(match: re.Match) -> str:
        attrs = dict(_ATTR_RE.findall(match.group()))
        description = descriptions.get(int(attrs.get("data-file", "0") or 0))
        if description is None:
            return match.group()
        # Escaped by the sanitizer: unescaped once so format_html escapes once.
        return picture(description, alt=html.unescape(attrs.get("alt", "")), sizes=sizes)

    return mark_safe(_IMG_RE.sub(swap, body))  # noqa: S308 - sanitized + format_html
