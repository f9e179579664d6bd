"""A readable comparison of two revisions, on the text staff read, not on the
HTML: word by word where an edit touched, block by block past a size bound
(text_diff). The rows are the fields the history stores
(revisions.REVISION_FIELDS) and the version's topics, labelled by their
verbose names; the lead image is shown as the thumbnail of each version."""

import html
import re

from django.db import models
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, strip_tags
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django_prose_editor.fields import ProseEditorField

from images.storage import staff_url

from ..models import Article, Topic
from .revisions import REVISION_FIELDS
from .text_diff import word_diff
from .whole import topic_ids_of

__all__ = ["compare_revisions", "readable_text", "word_diff"]

# A body image: shown in the text as its own line, "[Ảnh: <file name>]", so
# an image added, removed or replaced is seen in the comparison.
BODY_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"' >]+)[^>]*>""", re.I)
BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|tr|td|th)>|<br\s*/?>", re.I)


def _image_line(match):
    name = match.group(1).rsplit("/", 1)[-1]
    return f"\n[Ảnh: {name}]\n"


def readable_text(markup):
    """The text of `markup` (HTML) as a reader sees it: tags dropped, entities
    read, one paragraph a line, each image a line naming its file."""
    # Entities (&amp;) become the characters they stand for: word_diff
    # escapes the text once for the page.
    markup = BODY_IMAGE.sub(_image_line, markup or "")
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", markup)))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _value(revision, field):
    """The text staff read for `field` of `revision`: a body's text, a
    category's name, a choice's label, a local time; "" when empty."""
    value = getattr(revision, field.attname)
    if isinstance(field, ProseEditorField):
        return readable_text(value)
    if value is None or value == "":
        return ""
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        return date_format(localtime(value), "d/m/Y H:i")
    if isinstance(field, models.BooleanField):
        return "có" if value else "không"
    return str(value)


def _topic_ids(version):
    """The topic ids of `version`: a revision's recorded ones ([] when not
    recorded), or an article's proposed or stored ones."""
    if isinstance(version, Article):
        return topic_ids_of(version)
    return version.topic_ids or []


def _topic_names(version, names):
    """The names of `version`'s topics, alphabetical, one a line; "" for none."""
    return "\n".join(sorted(names[pk] for pk in _topic_ids(version) if pk in names))


def _file(value) -> str:
    """A file's stored name, from a revision (text) or an article (a FieldFile)."""
    return getattr(value, "name", value) or ""


def _image(version):
    """The version's lead image as its thumbnail and file name ("" for none)."""
    name = _file(version.lead_image)
    if not name:
        return ""
    return format_html(
        '<img src="{}" alt="" class="desk-thumb" width="160"><br>{}',
        staff_url(_file(version.image_thumb) or name),  # perhaps not public yet
        name.rsplit("/", 1)[-1],
    )


def compare_revisions(old, new, leave_out=frozenset()):
    """Rows (label, changed, left_html, right_html) for the compare page, one
    per field a revision holds, the topics after the category. `old` and
    `new`: revisions (history rows) or an article as its form shows it;
    `leave_out`: names of fields not to compare."""
    ids = {*_topic_ids(old), *_topic_ids(new)}
    names = dict(Topic.objects.filter(pk__in=ids).values_list("pk", "name"))
    rows = []
    for field in REVISION_FIELDS:
        if field.name in leave_out:
            continue
        if field.name == "lead_image":
            changed = _file(old.lead_image) != _file(new.lead_image)
            rows.append((capfirst(field.verbose_name), changed, _image(old), _image(new)))
            continue
        before, after = _value(old, field), _value(new, field)
        left, right = word_diff(before, after)
        rows.append((capfirst(field.verbose_name), before != after, left, right))
        if field.name == "category":
            before, after = _topic_names(old, names), _topic_names(new, names)
            left, right = word_diff(before, after)
            label = capfirst(Article._meta.get_field("topics").verbose_name)
            rows.append((label, before != after, left, right))
    return rows
