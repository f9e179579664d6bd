"""The public pages are valid HTML: the W3C Nu HTML Checker (npm `vnu-jar`,
installed into node_modules by the Makefile, run with Java) reports no error
on the home, category, article, search, rating, agency (Giới thiệu, Liên hệ,
English), 404 and 413 pages, with articles
an editor made through the admin (lead image, lists, a table with a header
row, a body image with its caption, a link, text pasted from Word)."""

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.body_images import BodyImage
from articles.demo_pages import seed_pages
from articles.models import Article
from tests.articles.desk import list_action
from tests.articles.image_samples import jpeg, png_palette_transparent
from tests.articles.test_admin_publishing import article_form
from tests.factories import make_category

pytestmark = [pytest.mark.system, pytest.mark.django_db]
VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def body_with_everything(image):
    return (
        "<p>Chiều 12/3, Thủ tướng chủ trì <strong>hội nghị</strong> trực tuyến.\x0b"
        'Xem <a href="https://chinhphu.vn">Cổng thông tin</a>.</p>'
        "<h2>Nội dung chính</h2><ul><li><p>Rà soát thể chế</p></li><li><p>Chuyển đổi số</p>"
        '</li></ul><ol start="2"><li><p>Hai</p></li></ol>'
        "<table><tbody><tr><th><p>Chỉ tiêu</p></th><th><p>Kết quả</p></th></tr>"
        "<tr><td><p>Giải ngân</p></td><td><p>95%</p></td></tr></tbody></table>"
        f'<figure class="figure"><img src="{image.url}" alt="Toàn cảnh hội nghị"'
        f' data-file="{image.pk}"><figcaption>Hội nghị trực tuyến</figcaption></figure>'
        "<blockquote><p>Lấy người dân làm trung tâm.</p></blockquote><hr>"
    )


@pytest.fixture
def newsroom(editor, approver):
    """Articles made through the admin, in one category: written by an editor
    (body image uploaded from the editor window) and published by an approver."""
    editor_client, approver_client = Client(), Client()
    editor_client.force_login(editor)
    approver_client.force_login(approver)
    category = make_category(name="Chỉ đạo, điều hành", description="Chỉ đạo của Chính phủ.")
    picked = SimpleUploadedFile("hoi-nghi.jpg", jpeg(), content_type="image/jpeg")
    url = reverse("admin:articles_article_body_image")
    editor_client.post(url, {"image": picked, "alt": "Toàn cảnh", "caption": ""})
    image = BodyImage.objects.get()
    for title, lead in [("Hội thảo về thuế", jpeg()), ("Thủ tướng họp về thuế", None)]:
        fields = {
            "title": title,
            "summary": "Dòng một\x0bdòng hai",
            "body": body_with_everything(image),
        }
        if lead:
            fields["lead_image"] = SimpleUploadedFile("anh.jpg", lead, content_type="image/jpeg")
            fields["lead_image_caption"] = "Ảnh: VGP"
        else:
            logo = png_palette_transparent()
            fields["lead_image"] = SimpleUploadedFile("logo.png", logo, content_type="image/png")
        response = approver_client.post(
            reverse("admin:articles_article_add"), article_form(category, _publish="1", **fields)
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
    # Published with the list action and no time typed: published_at is "now",
    # to the microsecond.
    form = article_form(
        category, title="Tin nháp được xuất bản", published_at_0="", published_at_1=""
    )
    editor_client.post(reverse("admin:articles_article_add"), form)
    draft = Article.objects.get(status="draft")
    changelist = reverse("admin:articles_article_changelist")
    approver_client.post(changelist, list_action("publish_selected", draft))
    draft.refresh_from_db()
    assert draft.is_public and draft.published_at.microsecond
    seed_pages()  # Giới thiệu, Liên hệ, English
    return category


def nu_errors(pages, tmp_path):
    paths = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(html)
        paths.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *paths],
        capture_output=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or b'{"messages": []}')["messages"]
    return [
        f"{Path(m['url']).stem}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '')}]"
        for m in messages
    ]


def test_the_nu_checker_is_installed_by_the_makefile():
    assert VNU.is_file(), "run `make test` (it installs vnu-jar from package-lock.json)"


def test_every_public_page_passes_the_nu_html_checker_without_errors(newsroom, tmp_path):
    reader = Client()
    article = Article.objects.get(title="Hội thảo về thuế")
    urls = {
        "home": reverse("articles:home"),
        "category": newsroom.get_absolute_url(),
        "article": article.get_absolute_url(),
        "search": reverse("articles:search") + "?q=h%E1%BB%99i+th%E1%BA%A3o+thu%E1%BA%BF",
        "search-empty": reverse("articles:search") + "?q=khong+co+gi",
        "search-filtered": reverse("articles:search")
        + "?chuyen-muc=khong-co&q=15%2F2020&tu=2024-13-01",
        "feeds": reverse("articles:feeds"),
        "site-map": reverse("articles:site_map"),
        "about": "/gioi-thieu/",
        "contact": "/lien-he/",
        "english": "/en/",
        "rating": reverse("ratings:rate", args=[article.pk]),
        "not-found": "/khong-co-trang-nay/",
    }
    pages = {}
    for name, url in urls.items():
        response = reader.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        pages[name] = response.content
    too_large = reader.generic("POST", urls["rating"], b"x" * 20_000, content_type="text/plain")
    assert too_large.status_code == 413
    pages["too-large"] = too_large.content
    assert b"<mark>" in pages["search"] and b"<picture>" in pages["article"]
    assert nu_errors(pages, tmp_path) == []
