"""Uploads are private until approved: an image proposed for a published
article, a body image in a pending change and a draft's lead image are
processed at once but reachable by staff only; approval makes them public,
and the approved page shows them at once."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import path, reverse
from django.views.static import serve

from articles.body_images import BodyImage
from articles.models import Article
from articles.workflow.revisions import approve_revision
from images.storage import private_storage, staff_url
from tests.articles.desk import change_form, change_url, staff
from tests.articles.image_samples import exif_rotated_with_gps
from tests.factories import image_upload, make_article
from vpcp_portal.urls import urlpatterns as project_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def public_media(request, name):
    """/media/ as nginx serves it: MEDIA_ROOT, read when asked (the tests'
    MEDIA_ROOT is a temporary folder)."""
    return serve(request, name, document_root=settings.MEDIA_ROOT)


# The project's addresses, with /media/ served as in production.
urlpatterns = [
    path("media/<path:name>", public_media),
    *project_urlpatterns,
]
PICKER = "admin:articles_article_body_image"
ADDRESSES = re.compile(r'(?:src|srcset|href|content)="([^"]+)"')


def media_addresses(html):
    """Every media or staff-media address a page links, srcset widths dropped."""
    found = set()
    for value in ADDRESSES.findall(html):
        for part in value.split(","):
            address = part.strip().split(" ")[0]
            if "/media/" in address or "/anh-rieng/" in address:
                found.add(address.removeprefix("http://testserver"))
    return found


def public_files():
    return {
        os.path.relpath(os.path.join(top, name), settings.MEDIA_ROOT)
        for top, _, names in os.walk(settings.MEDIA_ROOT)
        for name in names
    }


def pick_body_image(client, content, name="anh.jpg"):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    client.post(f"{reverse(PICKER)}?CKEditorFuncNum=1", {"image": upload, "alt": "Hội nghị"})
    return BodyImage.objects.latest("pk")


def figure(image):
    img = f'<img src="{image.url}" alt="Hội nghị" data-file="{image.pk}">'
    return f"<p>Mở đầu.</p><figure>{img}</figure>"


def stored_names(article, *body_images):
    names = [article.lead_image.name] if article.lead_image else []
    for description in (article.image_renditions or {}).values():
        names += [name for key in ("webp", "jpeg") for name, _ in description[key]]
    for image in body_images:
        names.append(image.image.name)
        names += [name for key in ("webp", "jpeg") for name, _ in image.renditions["body"][key]]
    return names


def approve(client, article, body_image):
    """An approver approves the pending change from its form, as it shows it."""
    client.force_login(staff("approver"))
    form = change_form(article, body=figure(body_image), _approve_change="1")
    assert client.post(change_url(article), form).status_code == 302


@pytest.fixture
def pending_change(client):
    """A published article with a new lead image and a body image proposed by
    an editor, waiting for an approver; returns (article, proposal's preview
    page, the body image, the raw upload)."""
    article = make_article(title="Tin đã đăng", lead_image=image_upload(color=(10, 200, 10)))
    client.force_login(staff("editor"))
    raw = exif_rotated_with_gps()
    body_image = pick_body_image(client, raw)
    lead = SimpleUploadedFile("nha-rieng.jpg", raw, "image/jpeg")
    response = client.post(
        change_url(article), change_form(article, lead_image=lead, body=figure(body_image))
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).has_pending_revision
    return article, body_image, raw


def test_no_media_address_of_a_pending_change_answers_an_anonymous_reader(client, pending_change):
    article, body_image, raw = pending_change
    revision = article.history.latest()
    # Processed at once, like a published image: re-encoded, not the upload.
    with private_storage().open(revision.lead_image) as original:
        assert original.read() != raw
    client.force_login(staff("editor"))
    form = client.get(change_url(article)).content.decode()
    picker = client.post(
        f"{reverse(PICKER)}?CKEditorFuncNum=1",
        {"image": SimpleUploadedFile("b.jpg", raw, "image/jpeg"), "alt": "Hội nghị"},
    ).content.decode()
    # The picture readers see now is shown beside the proposal: public already.
    live = settings.MEDIA_URL + article.image_large.name
    assert live in media_addresses(form)
    addresses = (media_addresses(form) - {live}) | media_addresses(picker) | {body_image.url}
    names = [revision.lead_image, *stored_names(Article(), body_image)]
    addresses |= {f"/media/{name}" for name in names} | {staff_url(name) for name in names}
    for address in addresses:  # what staff saw: served to them
        if "/anh-rieng/" in address:
            assert client.get(address).status_code == 200, address
    client.logout()

    for address in addresses:
        assert client.get(address).status_code in (403, 404), address
    page = client.get(article.get_absolute_url()).content.decode()
    assert not set(names) & set(re.findall(r"[\w/-]+\.(?:jpg|webp|png)", page))


def test_the_approved_page_shows_the_new_images_at_once(client, pending_change):
    article, body_image, raw = pending_change
    client.get(article.get_absolute_url())  # the old page, now cached
    approve(client, article, body_image)
    client.logout()

    article.refresh_from_db()
    page = client.get(article.get_absolute_url()).content.decode()
    new_large = article.image_renditions["large"]["jpeg"][-1][0]
    assert f"/media/{new_large}" in page
    assert f"/media/{body_image.renditions['body']['jpeg'][-1][0]}" in page
    for address in media_addresses(page):
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["Content-Type"] in ("image/jpeg", "image/webp"), address
        assert b"".join(response.streaming_content) != raw


def test_a_drafts_images_are_seen_in_the_preview_and_made_public_when_it_is_published(client):
    draft = make_article(status=Article.Status.DRAFT, lead_image=image_upload())
    assert public_files() == set()
    client.force_login(staff("approver"))
    preview = client.get(reverse("articles:preview", args=[draft.pk])).content.decode()
    shown = media_addresses(preview)
    assert shown and all("/anh-rieng/" in address for address in shown)
    for address in shown:
        assert client.get(address)["Content-Type"] in ("image/jpeg", "image/webp")
    client.logout()
    assert {client.get(address).status_code for address in shown} == {404}

    client.force_login(staff("approver"))
    client.post(change_url(draft), change_form(draft, _publish="1"))
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    renditions = set(stored_names(draft)) - {draft.lead_image.name}
    assert public_files() == renditions  # the original stays private: readers see renditions
    for address in shown:  # staff's old links now lead to the public copy
        assert client.get(address).status_code == 302


def test_nothing_under_the_public_media_folder_was_ever_the_upload(client, pending_change):
    article, body_image, raw = pending_change
    approve(client, article, body_image)
    for name in public_files():
        data = Path(settings.MEDIA_ROOT, name).read_bytes()
        assert data != raw and b"PhoneMaker" not in data and b"Exif" not in data, name
        assert "nha-rieng" not in name


def test_a_pdf_named_upload_is_never_served_as_a_pdf(client):
    client.force_login(staff("approver"))
    image = pick_body_image(client, image_upload().read(), name="bao-cao.pdf")
    names = [image.image.name, *stored_names(Article(), image)]
    assert not any(name.endswith(".pdf") for name in names)
    for name in names:
        assert client.get(staff_url(name))["Content-Type"] in ("image/jpeg", "image/webp")
    # Whatever else lies in the private storage is a download, never a document.
    private_storage().save("khac/tai-lieu.pdf", SimpleUploadedFile("x.pdf", b"%PDF-1.4"))
    response = client.get(staff_url("khac/tai-lieu.pdf"))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_staff_media_view_answers_no_path_outside_its_storage(client):
    client.force_login(staff("approver"))
    for name in ["../../etc/passwd", "/etc/passwd", "khong-co.jpg"]:
        assert client.get(reverse("private_media", kwargs={"name": name})).status_code == 404


def test_an_approval_by_the_revision_service_publishes_the_proposed_image(client, pending_change):
    article, _, _ = pending_change
    stored = Article.objects.get(pk=article.pk)
    old_large = stored.image_large.name

    approve_revision(article=stored, by=staff("approver"))

    stored.refresh_from_db()
    assert stored.lead_image.name == article.history.latest().lead_image
    assert stored.image_large.name != old_large
    assert set(stored_names(stored)) - {stored.lead_image.name} <= public_files()
    page = client.get(stored.get_absolute_url()).content.decode()
    assert f"/media/{stored.image_large.name}" in page
