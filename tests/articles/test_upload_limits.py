"""Uploads as people bring them: a phone photo with a long Vietnamese file
name, an image no encoder can write, a tall infographic."""

import re
import unicodedata
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.body_images import BodyImage
from articles.models import Article
from tests.articles.test_admin_publishing import article_form
from tests.articles.test_body_images import pick
from tests.factories import make_category

pytestmark = pytest.mark.django_db


def png(size, color=(30, 120, 200)):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(size=(900, 600)):
    buffer = BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_photo_with_a_long_decomposed_vietnamese_name_is_taken(approver_client):
    typed = (
        "Ảnh hội nghị tổng kết công tác thi đua khen thưởng năm của Văn phòng Chính phủ tại Hà Nội"
    )
    name = unicodedata.normalize("NFD", typed) + " (bản gốc từ điện thoại).jpg"
    assert len(name) >= 118
    image = SimpleUploadedFile(name, jpeg(), content_type="image/jpeg")

    response = approver_client.post(
        reverse("admin:articles_article_add"),
        article_form(make_category(), lead_image=image, _publish="1"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = Article.objects.get().lead_image.name
    assert len(stored) <= 100 and "hoi" not in stored.lower()


def test_a_body_image_with_a_long_name_is_taken(editor_client):
    name = unicodedata.normalize("NFD", "Biểu đồ tăng trưởng kinh tế " * 5) + ".png"

    pick(editor_client, name, png((600, 400)))

    assert BodyImage.objects.count() == 1


def test_an_image_wider_than_any_encoder_writes_is_refused_in_vietnamese(approver_client):
    image = SimpleUploadedFile("toan-canh.png", png((66000, 300)), content_type="image/png")

    response = approver_client.post(
        reverse("admin:articles_article_add"), article_form(make_category(), lead_image=image)
    )

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["lead_image"])
    assert "66000 × 300" in errors and "65.535" in errors
    assert not Article.objects.exists()


def test_a_tall_infographic_gets_a_column_wide_rendition_and_a_link_to_read_it(
    editor_client, approver_client, client
):
    pick(editor_client, "infographic.png", png((1000, 18000)), alt="Số liệu năm")
    image = BodyImage.objects.get()
    img = f'<img src="{image.url}" alt="Số liệu năm" data-file="{image.pk}">'
    body = f'<figure class="figure">{img}</figure>'
    approver_client.post(
        reverse("admin:articles_article_add"),
        article_form(make_category(), body=body, _publish="1"),
    )

    widths = [width for _, width in image.renditions["body"]["jpeg"]]
    assert max(widths) >= 800  # was 227: narrowed to fit a 4,096-pixel height
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    (link,) = re.findall(r'<a class="image-full" href="([^"]+)"><picture>', page)
    assert link.endswith(".jpg")
    assert default_storage.exists(link.removeprefix(settings.MEDIA_URL))  # public once published


def test_the_change_form_shows_the_lead_image_not_its_file_name(approver_client):
    image = SimpleUploadedFile("anh.jpg", jpeg(), content_type="image/jpeg")
    approver_client.post(
        reverse("admin:articles_article_add"), article_form(make_category(), lead_image=image)
    )
    article = Article.objects.get()

    page = approver_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    src = f"/quan-tri/anh-rieng/{article.image_large.name}"
    assert (
        f'<img src="{src}" alt="Ảnh đang dùng" class="desk-lead-preview">' in page.content.decode()
    )
