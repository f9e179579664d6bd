"""A revision is the whole article: the history keeps each version's topics
and lead image; compare shows them; restoring brings them all back (pending
for an editor, like any change); an approved image is on the page at once."""

import pytest
from django.urls import reverse
from PIL import Image

from articles.models import Article
from articles.workflow import revisions
from images.storage import open_stored, staff_url
from tests.articles.desk import change_form, change_url, form_as_shown, staff
from tests.factories import image_upload, make_article, make_topic

pytestmark = pytest.mark.django_db
RED, BLUE = (200, 30, 30), (30, 30, 200)


def colour_of(name):
    """The colour in the middle of the stored image `name`."""
    with open_stored(name) as file, Image.open(file) as image:
        return image.convert("RGB").getpixel((image.width // 2, image.height // 2))


def near(colour, expected):
    return all(abs(a - b) <= 40 for a, b in zip(colour, expected, strict=True))


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def restore(client, article, revision):
    """Confirm "Khôi phục" for `revision` on its confirmation page."""
    url = reverse("admin:articles_revision_restore", args=[article.pk, revision.history_id])
    return client.post(url, {"seen_version": Article.objects.get(pk=article.pk).version})


@pytest.fixture
def two_versions(client):
    """A published article in red with topic “Chủ đề một”, then changed by an
    approver to blue with “Chủ đề hai”: (article, first revision)."""
    one, two = make_topic(name="Chủ đề một"), make_topic(name="Chủ đề hai")
    article = make_article(
        title="Bài hai phiên bản", lead_image=image_upload(color=RED), lead_image_caption="Ảnh đỏ"
    )
    article.topics.add(one)
    # The version the history keeps: the topic added after the first save.
    revisions.save_edit(article=article, by=staff("approver"), topics=[one])
    first = article.history.order_by("-history_id").first()
    client.force_login(staff("approver"))
    client.post(
        change_url(article),
        change_form(
            article,
            topics=[two.pk],
            lead_image=image_upload(color=BLUE),
            lead_image_caption="Ảnh xanh",
        ),
    )
    client.logout()
    stored = Article.objects.get(pk=article.pk)
    assert near(colour_of(stored.image_large.name), BLUE)
    assert list(stored.topics.values_list("name", flat=True)) == ["Chủ đề hai"]
    return stored, first


def test_the_history_records_the_topics_and_lead_image_of_each_version(two_versions):
    article, first = two_versions
    newest = article.history.order_by("-history_id").first()

    assert first.topic_ids == [article.topics.model.objects.get(name="Chủ đề một").pk]
    assert newest.topic_ids == [article.topics.get().pk]
    assert near(colour_of(first.image_large), RED) and near(colour_of(newest.image_large), BLUE)


def test_the_comparison_shows_the_topics_and_the_lead_images(client, two_versions):
    article, first = two_versions
    newest = article.history.order_by("-history_id").first()
    client.force_login(staff("editor"))

    shown = client.get(
        reverse("admin:articles_revision_compare", args=[article.pk]),
        {"a": first.history_id, "b": newest.history_id},
    ).content.decode()

    assert "Chủ đề <del>một</del>" in shown and "Chủ đề <ins>hai</ins>" in shown
    assert staff_url(first.image_thumb) in shown and staff_url(newest.image_thumb) in shown


def test_an_approvers_restore_brings_back_the_topics_image_and_caption(client, two_versions):
    article, first = two_versions
    client.force_login(staff("approver"))

    restore(client, article, first)
    client.logout()

    stored = Article.objects.get(pk=article.pk)
    assert list(stored.topics.values_list("name", flat=True)) == ["Chủ đề một"]
    assert stored.lead_image_caption == "Ảnh đỏ"
    assert near(colour_of(stored.image_large.name), RED)
    shown = page(client, stored)
    assert stored.image_large.url in shown and "Chủ đề một" in shown and "Chủ đề hai" not in shown


def test_an_editors_restore_waits_for_an_approver_and_readers_keep_the_current_version(
    client, two_versions
):
    article, first = two_versions
    current_image = article.image_large.url
    client.force_login(staff("editor"))

    restore(client, article, first)
    client.logout()

    shown = page(client, article)
    assert current_image in shown and "Chủ đề hai" in shown and "Chủ đề một" not in shown
    client.force_login(staff("approver"))
    client.post(change_url(article), form_as_shown(client, article, _approve_change="1"))
    client.logout()

    stored = Article.objects.get(pk=article.pk)
    shown = page(client, stored)
    assert "Chủ đề một" in shown and "Chủ đề hai" not in shown
    assert near(colour_of(stored.image_large.name), RED) and stored.image_large.url in shown


@pytest.mark.parametrize("approve", ["the change form's button", "the service"])
def test_an_approved_lead_image_is_on_the_public_page_at_once(client, approve):
    article = make_article(lead_image=image_upload(color=RED))
    old_image = article.image_large.url
    client.force_login(staff("editor"))
    client.post(change_url(article), change_form(article, lead_image=image_upload(color=BLUE)))
    client.logout()
    assert old_image in page(client, article)  # readers keep the approved image

    approver = staff("approver")
    if approve == "the service":
        revisions.approve_revision(article=Article.objects.get(pk=article.pk), by=approver)
    else:
        client.force_login(approver)
        client.post(change_url(article), form_as_shown(client, article, _approve_change="1"))
        client.logout()

    stored = Article.objects.get(pk=article.pk)
    shown = page(client, stored)
    assert near(colour_of(stored.image_large.name), BLUE) and near(
        colour_of(stored.image_thumb.name), BLUE
    )
    assert stored.image_large.url in shown and old_image not in shown


def test_an_ampersand_in_a_title_or_body_is_compared_as_one_character(client):
    article = make_article(title="Văn hoá & Xã hội", body="<p>Sông &amp; núi.</p>")
    client.force_login(staff("approver"))
    client.post(
        change_url(article),
        change_form(article, title="Văn hoá & Thể thao", body="<p>Sông &amp; biển.</p>"),
    )
    old, new = article.history.order_by("history_id")

    shown = client.get(
        reverse("admin:articles_revision_compare", args=[article.pk]),
        {"a": old.history_id, "b": new.history_id},
    ).content.decode()

    assert "Văn hoá &amp; " in shown and "Sông &amp; " in shown
    assert "&amp;amp;" not in shown


def test_the_comparison_shows_a_body_image_replaced(client):
    body = '<p>Đoạn một.</p><p><img src="/media/body/2026/12/{}.jpg" alt=""></p><p>Đoạn hai.</p>'
    article = make_article(body=body.format("anh-cu"))
    client.force_login(staff("approver"))
    client.post(change_url(article), change_form(article, body=body.format("anh-moi")))
    old, new = article.history.order_by("history_id")

    shown = client.get(
        reverse("admin:articles_revision_compare", args=[article.pk]),
        {"a": old.history_id, "b": new.history_id},
    ).content.decode()

    assert "<del>[Ảnh: anh-cu.jpg]</del>" in shown or "<del>anh-cu.jpg]</del>" in shown
    assert "anh-moi.jpg]</ins>" in shown
