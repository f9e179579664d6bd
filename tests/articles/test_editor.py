"""The body editor: one sanitizing allowlist shared with save(), Vietnamese
dialogs and buttons, and an image button that uploads."""

import json
import re

import pytest
from django.urls import reverse

from articles.models import Article
from articles.text.sanitize import sanitize_body

pytestmark = pytest.mark.django_db


def test_the_editor_field_and_save_clean_with_the_same_function():
    assert Article._meta.get_field("body").sanitize is sanitize_body


def test_what_the_editor_makes_survives_the_sanitizer_unchanged():
    html = (
        "<h2>Mục</h2><p><strong>a</strong><em>b</em><u>c</u><s>d</s><sub>e</sub><sup>f</sup></p>"
        '<ul><li><p>Một</p></li></ul><ol start="3"><li><p>Hai</p></li></ol>'
        "<blockquote><p>Trích</p></blockquote><hr>"
        '<figure class="figure"><img src="/media/renditions/a.jpg" alt="Ảnh" data-file="7">'
        "<figcaption>Chú thích</figcaption></figure>"
        "<table><tbody><tr><th><p>Cột</p></th></tr><tr><td><p>Ô</p></td></tr></tbody></table>"
    )
    assert sanitize_body(html) == html


def test_the_editor_speaks_vietnamese_and_offers_an_upload_window(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "js/prose-editor-vi.js" in page and "css/admin-editor.css" in page
    (config,) = re.findall(r'data-django-prose-editor-configurable="([^"]+)"', page)
    config = json.loads(config.replace("&quot;", '"'))
    assert config["extensions"]["Figure"]["pickerUrl"] == reverse(
        "admin:articles_article_body_image"
    )
    catalog = editor_client.get(reverse("admin:jsi18n")).content.decode()
    for text in ["Tải ảnh lên", "Chú thích ảnh", "Chèn bảng", "Có hàng tiêu đề"]:
        assert json.dumps(text)[1:-1] in catalog  # the catalog writes \u escapes
