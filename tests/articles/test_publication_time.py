"""The typed date is the date: a publish keeps the publication time its editor
or approver typed (a past one as typed, a future one scheduling the article),
and uses now only when none was typed; the change form says which before the
button is pressed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.workflow import services
from tests.articles.desk import change_form, change_url, list_action, staff
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
S = Article.Status
TYPED = datetime(2017, 1, 13, 12, 49, tzinfo=HANOI)


def submitted_by_an_editor(client, day="", time=""):
    """An article an editor adds with the publication time `day` `time`
    (empty: none typed) and submits for review, as stored."""
    client.force_login(staff("editor"))
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Hội nghị tổng kết công tác năm",
            "slug": "",
            "category": make_category().pk,
            "summary": "Sapo của bài viết.",
            "body": "<p>Nội dung bài viết.</p>",
            "lead_image_caption": "",
            "published_at_0": day,
            "published_at_1": time,
            "source": "",
            "_submit": "Gửi duyệt",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.status == S.SUBMITTED
    return article


def approver_publishes(client, article):
    """The approver opens the change form, then presses "Duyệt và xuất bản"
    without touching the time. Returns the form page they read first."""
    client.force_login(staff("approver"))
    page = client.get(change_url(article)).content.decode()
    response = client.post(change_url(article), change_form(article, _publish="1"))
    assert response.status_code == 302
    client.logout()
    return page


def test_a_past_date_an_editor_typed_is_the_date_readers_see(client):
    article = submitted_by_an_editor(client, "13/01/2017", "12:49")

    form = approver_publishes(client, article)

    assert "Bài sẽ được xuất bản với thời gian đã nhập (13/01/2017 12:49)." in form
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.published_at) == (S.PUBLISHED, TYPED)
    page = client.get(stored.get_absolute_url()).content.decode()
    assert "Thứ sáu, 13/01/2017 12:49\N{NO-BREAK SPACE}GMT+7" in page
    assert '"datePublished": "2017-01-13T05:49:00+00:00"' in page
    feed = client.get(reverse("articles:feed")).content.decode()
    assert "<pubDate>Fri, 13 Jan 2017 05:49:00 +0000</pubDate>" in feed
    sitemap = client.get(reverse("articles:sitemap_section", args=["articles"])).content.decode()
    # The sitemap names the page (public at once, not scheduled); its lastmod
    # is when the page last changed, the publish itself.
    assert stored.get_absolute_url() in sitemap
    modified = timezone.localtime(stored.updated_at).date()
    assert f"<lastmod>{modified.isoformat()}</lastmod>" in sitemap


def test_a_future_date_schedules_the_article(client):
    later = timezone.localtime(timezone.now() + timedelta(days=2), HANOI).replace(
        second=0, microsecond=0
    )
    article = submitted_by_an_editor(client, f"{later:%d/%m/%Y}", f"{later:%H:%M}")

    form = approver_publishes(client, article)

    assert f"Bài sẽ được hẹn giờ xuất bản lúc {later:%d/%m/%Y %H:%M}." in form
    stored = Article.objects.get(pk=article.pk)
    assert stored.published_at == later and stored.is_scheduled
    assert client.get(stored.get_absolute_url()).status_code == 404


def test_no_date_typed_means_now(client):
    article = submitted_by_an_editor(client)
    assert article.published_at is None

    before = timezone.now()
    form = approver_publishes(client, article)

    assert "Chưa nhập thời gian: bài sẽ được xuất bản ngay khi được duyệt." in form
    stored = Article.objects.get(pk=article.pk)
    assert before <= stored.published_at <= timezone.now()
    assert client.get(stored.get_absolute_url()).status_code == 200


def test_the_hint_follows_the_stored_time_not_the_form_that_failed(client):
    article = make_article(status=S.DRAFT, published_at=TYPED)
    client.force_login(staff("approver"))

    page = client.post(
        change_url(article), change_form(article, title="", published_at_0="", published_at_1="")
    ).content.decode()

    assert "Bài sẽ được xuất bản với thời gian đã nhập (13/01/2017 12:49)." in page


def test_the_list_action_keeps_a_typed_past_date(client):
    article = make_article(status=S.SUBMITTED, published_at=TYPED)
    client.force_login(staff("approver"))

    client.post(
        reverse("admin:articles_article_changelist"), list_action("publish_selected", article)
    )

    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.published_at) == (S.PUBLISHED, TYPED)


def test_republishing_keeps_the_first_time_unless_the_approver_types_another(client):
    approver = staff("approver")
    article = make_article(status=S.PUBLISHED, published_at=TYPED)
    services.take_down_article(article=article, by=approver)
    client.force_login(approver)

    client.post(change_url(article), change_form(article, _publish="1"))
    assert Article.objects.get(pk=article.pk).published_at == TYPED

    services.take_down_article(article=Article.objects.get(pk=article.pk), by=approver)
    client.post(
        change_url(article),
        change_form(article, published_at_0="20/05/2018", published_at_1="07:30", _publish="1"),
    )
    assert Article.objects.get(pk=article.pk).published_at == datetime(
        2018, 5, 20, 7, 30, tzinfo=HANOI
    )


def test_the_database_refuses_a_published_article_without_a_time():
    article = make_article(status=S.DRAFT, published_at=None)

    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status=S.PUBLISHED)


def test_staff_preview_a_draft_with_no_time_yet(client):
    article = make_article(status=S.DRAFT, published_at=None)
    client.force_login(staff("editor"))

    response = client.get(reverse("articles:preview", args=[article.pk]))

    assert response.status_code == 200
    assert "bản nháp, người đọc chưa thấy bài này" in response.content.decode()


def test_the_article_list_shows_a_dash_for_no_time_yet(client):
    make_article(status=S.DRAFT, published_at=None, title="Bản nháp chưa hẹn giờ")
    client.force_login(staff("editor"))

    page = client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert "Bản nháp chưa hẹn giờ" in page
    assert '<span class="desk-meta">xuất bản —</span>' in page


def test_a_published_article_keeps_a_time_when_the_field_is_cleared(client):
    article = make_article(published_at=TYPED)
    client.force_login(staff("approver"))

    response = client.post(
        change_url(article), change_form(article, published_at_0="", published_at_1="")
    )

    assert response.context["adminform"].form.errors["published_at"] == [
        "Bài viết đã xuất bản cần có thời gian xuất bản."
    ]
    assert Article.objects.get(pk=article.pk).published_at == TYPED
