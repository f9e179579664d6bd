"""Images inside the body: uploaded from the editor's image window, validated
like the lead image, shown to readers as responsive renditions in a figure."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.body_images import BodyImage
from articles.models import Article
from tests.articles.image_samples import SAMPLES
from tests.articles.test_admin_publishing import article_form
from tests.factories import make_category

pytestmark = pytest.mark.django_db
PICKER = reverse("admin:articles_article_body_image")


def pick(editor_client, name, content, alt="Toàn cảnh hội nghị", caption="Hội nghị trực tuyến"):
    image = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return editor_client.post(
        f"{PICKER}?CKEditorFuncNum=-1", {"image": image, "alt": alt, "caption": caption}
    )


def test_the_image_window_asks_in_vietnamese_for_the_file_its_description_and_caption(
    editor_client,
):
    page = editor_client.get(f"{PICKER}?CKEditorFuncNum=-1").content.decode()
    for text in ["Chèn ảnh vào bài", "Mô tả ảnh", "Chú thích ảnh", "Tải ảnh lên", "HEIC"]:
        assert text in page


def test_an_uploaded_body_image_is_handed_back_to_the_editor_without_metadata(editor_client):
    make, name, _ = SAMPLES["exif rotation + gps"]
    response = pick(editor_client, name, make())
    page = response.content.decode()
    image = BodyImage.objects.get()
    assert f'data-id="{image.pk}"' in page and f'data-url="{image.url}"' in page
    assert 'data-func-num="-1"' in page and 'data-alt="Toàn cảnh hội nghị"' in page
    with image.image.open() as file:
        assert b"Exif" not in file.read()
    assert image.renditions["body"]["width"] == 400  # rotated upright


def test_a_bad_body_image_is_refused_with_the_accepted_formats_and_nothing_stored(
    editor_client,
):
    response = pick(editor_client, "anh.jpg", b"%PDF-1.4 not a photo")
    assert "HEIC" in response.content.decode()
    assert BodyImage.objects.count() == 0


def test_a_body_image_made_in_the_editor_reaches_the_reader_as_a_responsive_figure(
    editor_client, approver_client, client
):
    make, name, _ = SAMPLES["jpeg"]
    pick(editor_client, name, make())
    image = BodyImage.objects.get()
    body = (
        f'<p>Mở đầu.</p><figure class="figure"><img src="{image.url}" alt="Toàn cảnh &lt;hội&gt;"'
        f' data-file="{image.pk}" onerror="alert(1)"><figcaption class="figure-caption">'
        "Hội nghị trực tuyến</figcaption></figure>"
    )
    response = approver_client.post(
        reverse("admin:articles_article_add"),
        article_form(make_category(), body=body, _publish="1"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert "onerror" not in article.body and f'data-file="{image.pk}"' in article.body

    page = client.get(article.get_absolute_url()).content.decode()
    (figure,) = re.findall(r'<figure class="figure">.*?</figure>', page, re.S)
    assert re.search(r'<source type="image/webp" srcset="[^"]+\.webp 480w, ', figure)
    assert 'alt="Toàn cảnh &lt;hội&gt;"' in figure
    assert 'width="900" height="600"' in figure
    assert "<figcaption>Hội nghị trực tuyến</figcaption>" in figure
