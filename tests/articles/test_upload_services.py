"""The upload services (articles.uploads): the one way images come into
articles, called by the admin, the revision services, seed_demo and the
tests; the models refuse a file that did not go through them."""

import os
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.body_images import BodyImage
from articles.models import Article
from articles.uploads import prepare_lead_image, upload_body_image
from articles.workflow.revisions import pending_revision
from tests.articles.desk import change_form, change_url, staff
from tests.articles.image_samples import exif_rotated_with_gps
from tests.factories import image_upload, make_article, make_category

pytestmark = pytest.mark.django_db


def stored_files(root):
    return [os.path.join(top, name) for top, _, names in os.walk(root) for name in names]


def test_saving_an_upload_that_skipped_the_service_is_refused_and_stores_nothing(settings):
    article = Article(
        title="Tin", summary="Tóm tắt", body="<p>Nội dung</p>", category=make_category()
    )
    article.lead_image = image_upload()
    with pytest.raises(ValueError, match="prepare_lead_image"):
        article.save()
    with pytest.raises(ValueError, match="upload_body_image"):
        BodyImage(image=image_upload()).save()
    assert Article.objects.count() == BodyImage.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []
    assert stored_files(settings.STORAGES["private"]["OPTIONS"]["location"]) == []


def test_preparing_a_lead_image_stores_its_clean_original_and_renditions_once():
    article = make_article(lead_image=image_upload(name="anh-goc.jpg"))
    large, original = article.image_large.name, article.lead_image.name
    assert "anh-goc" not in original and article.image_renditions["thumb"]

    assert prepare_lead_image(article=article) is False  # stored: nothing to do
    assert (article.image_large.name, article.lead_image.name) == (large, original)

    article.lead_image = ""
    assert prepare_lead_image(article=article) is False
    assert not article.image_large and not article.image_thumb
    assert article.image_renditions is None


def test_an_uploaded_body_image_keeps_who_sent_it_and_its_renditions():
    user = staff("editor")
    stored = upload_body_image(image=image_upload(size=(640, 360)), by=user)
    stored.refresh_from_db()
    assert stored.uploaded_by == user
    assert stored.renditions["body"]["width"] == 640


def test_an_image_proposed_by_an_editor_is_kept_clean_in_the_pending_revision(client, settings):
    article = make_article(title="Tin đã đăng")
    client.force_login(staff("editor"))
    upload = SimpleUploadedFile("nha-rieng.jpg", exif_rotated_with_gps(), "image/jpeg")

    response = client.post(change_url(article), change_form(article, lead_image=upload))

    assert response.status_code == 302
    revision = pending_revision(Article.objects.get(pk=article.pk))
    assert revision is not None and "nha-rieng" not in revision.lead_image
    # Unapproved: in the private storage only.
    assert not Path(settings.MEDIA_ROOT, revision.lead_image).exists()
    data = Path(
        settings.STORAGES["private"]["OPTIONS"]["location"], revision.lead_image
    ).read_bytes()
    assert b"PhoneMaker" not in data
    with Image.open(BytesIO(data)) as image:
        assert not image.getexif() and image.size == (400, 600)
