"""A readable, word-level comparison of two revisions (difflib), on the text
staff read, not on the HTML."""

import difflib
import re

from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from ..models import Category

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|tr|td|th)>|<br\s*/?>", re.I)
FIELDS = [
    ("title", "Tiêu đề"),
    ("summary", "Tóm tắt (sapo)"),
    ("body", "Nội dung"),
    ("category_id", "Chuyên mục"),
    ("lead_image", "Ảnh đại diện"),
    ("lead_image_caption", "Chú thích ảnh"),
    ("source", "Nguồn / tác giả"),
    ("status", "Trạng thái"),
]


def readable_text(html):
    """The text of `html` as a reader sees it: tags dropped, one paragraph a line."""
    text = strip_tags(BLOCK_END.sub("\n", html or ""))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def word_diff(old, new):
    """(left_html, right_html): `old` with deleted words in <del>, `new` with
    inserted words in <ins>; line breaks kept. Both are escaped."""
    old_words, new_words = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    left, right = [], []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        before, after = "".join(old_words[a1:a2]), "".join(new_words[b1:b2])
        if op == "equal":
            left.append(format_html("{}", before))
            right.append(format_html("{}", after))
            continue
        if before:
            left.append(format_html("<del>{}</del>", before))
        if after:
            right.append(format_html("<ins>{}</ins>", after))
    join = "".join
    return (
        mark_safe(join(left).replace("\n", "<br>")),  # noqa: S308 (parts escaped above)
        mark_safe(join(right).replace("\n", "<br>")),  # noqa: S308
    )


def _value(revision, name):
    value = getattr(revision, name)
    if name == "body":
        return readable_text(value)
    if name == "category_id":
        category = Category.objects.filter(pk=value).first()
        return category.name if category else ""
    if name == "status":
        return revision.get_status_display()
    return str(value or "")


def compare_revisions(old, new):
    """Rows (label, changed, left_html, right_html) for the compare page."""
    rows = []
    for name, label in FIELDS:
        before, after = _value(old, name), _value(new, name)
        left, right = word_diff(before, after)
        rows.append((label, before != after, left, right))
    return rows
