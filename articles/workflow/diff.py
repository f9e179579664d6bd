"""A readable comparison of two revisions, on the text staff read, not on the
HTML: word by word where an edit touched, block by block past a size bound
(text_diff). The rows are the fields the history stores
(revisions.REVISION_FIELDS), labelled by their verbose names."""

import re

from django.db import models
from django.utils.dateformat import format as date_format
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django_prose_editor.fields import ProseEditorField

from .revisions import REVISION_FIELDS
from .text_diff import word_diff

__all__ = ["compare_revisions", "readable_text", "word_diff"]

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|tr|td|th)>|<br\s*/?>", re.I)


def readable_text(html):
    """The text of `html` as a reader sees it: tags dropped, one paragraph a line."""
    text = strip_tags(BLOCK_END.sub("\n", html or ""))
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


def compare_revisions(old, new):
    """Rows (label, changed, left_html, right_html) for the compare page, one
    per field a revision holds."""
    rows = []
    for field in REVISION_FIELDS:
        before, after = _value(old, field), _value(new, field)
        left, right = word_diff(before, after)
        rows.append((capfirst(field.verbose_name), before != after, left, right))
    return rows
