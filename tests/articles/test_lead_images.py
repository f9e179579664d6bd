"""The change form shows the lead image itself; when an editor proposes
another one for a published article, the approver sees the picture readers
see now beside the proposed one, each with its alternative text."""

import re

import pytest
from django.core.files.storage import default_storage

from articles.models import Article
from images.storage import staff_url
from tests.articles.desk import change_form, change_url, staff
from tests.factories import image_upload, make_article

pytestmark = pytest.mark.django_db


def pictures(page):
    """(src, alt, caption under it) of each lead image on the change form."""
    return re.findall(
        r'<img src="([^"]+)" alt="([^"]*)" class="desk-lead-preview">\s*'
        r"<figcaption>([^<]+)</figcaption>",
        page,
    )


@pytest.fixture
def proposed(client):
    """A published article whose editor proposed a new lead image and caption."""
    article = make_article(
        title="Hội nghị trực tuyến", lead_image=image_upload(color=(10, 200, 10))
    )
    Article.objects.filter(pk=article.pk).update(lead_image_caption="Toàn cảnh hội nghị")
    article.refresh_from_db()
    client.force_login(staff("editor"))
    form = change_form(
        article,
        lead_image=image_upload("anh-moi.jpg", color=(10, 10, 200)),
        lead_image_caption="Thủ tướng phát biểu",
    )
    assert client.post(change_url(article), form).status_code == 302
    assert Article.objects.get(pk=article.pk).has_pending_revision
    return article


def test_the_approver_sees_the_current_and_the_proposed_lead_image_side_by_side(client, proposed):
    revision = proposed.history.latest()
    client.force_login(staff("approver"))

    page = client.get(change_url(proposed)).content.decode()

    assert pictures(page) == [
        (
            default_storage.url(proposed.image_large.name),  # public: readers see it
            "Ảnh đang dùng: Toàn cảnh hội nghị",
            "Ảnh đang dùng",
        ),
        (
            staff_url(revision.image_large),
            "Ảnh đề xuất, chờ duyệt: Thủ tướng phát biểu",
            "Ảnh đề xuất, chờ duyệt",
        ),
    ]
    assert revision.image_large != proposed.image_large.name


def test_an_article_without_a_proposal_shows_its_one_lead_image(client):
    article = make_article(title="Tin ảnh", lead_image=image_upload())
    client.force_login(staff("approver"))

    page = client.get(change_url(article)).content.decode()

    assert pictures(page) == [
        (staff_url(article.image_large.name), "Ảnh đang dùng", "Ảnh đang dùng")
    ]
