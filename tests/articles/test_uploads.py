"""Lead image uploads through the admin: bad files are refused, nothing is stored."""

import os
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from tests.articles.test_admin_publishing import article_form
from tests.factories import make_category

pytestmark = pytest.mark.django_db


def jpeg_bytes(size=(800, 450)):
    buffer = BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def bomb_png():
    buffer = BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


BAD_UPLOADS = {
    "not an image": ("anh.jpg", b"%PDF-1.4 this is a pdf, not a photo", "image/jpeg"),
    "truncated image": ("anh.jpg", jpeg_bytes()[:4000], "image/jpeg"),
    "decompression bomb": ("bom.png", bomb_png(), "image/png"),
    "svg with a script": (
        "anh.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
    ),
}


def files_under(root):
    return [name for _, _, names in os.walk(root) for name in names]


@pytest.mark.parametrize("kind", BAD_UPLOADS)
def test_a_bad_upload_is_refused_with_a_clear_error_and_nothing_is_stored(
    editor_client, settings, kind
):
    name, content, content_type = BAD_UPLOADS[kind]
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(make_category(), lead_image=upload)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["lead_image"]
    assert errors and all(error.strip() for error in errors)
    assert "Ảnh đại diện" in response.content.decode()
    assert Article.objects.count() == 0
    assert files_under(settings.MEDIA_ROOT) == []
    assert files_under(settings.STORAGES["private"]["OPTIONS"]["location"]) == []


def test_an_oversized_file_is_refused_with_its_limit_named(editor_client, settings):
    settings.LEAD_IMAGE_MAX_BYTES = 100 * 1024
    upload = SimpleUploadedFile("lon.jpg", jpeg_bytes((1600, 900)), content_type="image/jpeg")
    assert upload.size > settings.LEAD_IMAGE_MAX_BYTES
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(make_category(), lead_image=upload)
    )
    (error,) = response.context["adminform"].form.errors["lead_image"]
    assert error.startswith("Ảnh quá lớn") and "tối đa là 100,0\xa0KB" in error
    assert Article.objects.count() == 0
    assert files_under(settings.MEDIA_ROOT) == []
    assert files_under(settings.STORAGES["private"]["OPTIONS"]["location"]) == []
