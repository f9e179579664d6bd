"""The body editor (django-prose-editor): which features it offers. The body
sanitizer's allowlist is derived from this same configuration (sanitize.py),
so enabling a feature is one edit here."""

from django.urls import reverse_lazy

BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Image": True,
    # "Chọn ảnh..." in the image dialog opens the upload window (admin/body_images.py).
    "Figure": {"pickerUrl": reverse_lazy("admin:articles_article_body_image")},
    "Caption": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}
