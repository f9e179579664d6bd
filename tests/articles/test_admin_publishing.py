from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.desk import list_action
from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def article_form(category, **overrides):
    data = {
        "title": "Thủ tướng phát động thi đua",
        "slug": "",
        "category": category.pk,
        "summary": "Sapo của bài viết.",
        "body": "<p>Nội dung bài viết.</p>",
        "lead_image_caption": "",
        "published_at_0": "05/01/2017",
        "published_at_1": "08:30",
        "source": "Theo VPCP",
        "_save": "Lưu lại",
    }
    data.update(overrides)
    return data


def test_an_approver_publishes_an_article_with_a_day_first_date(approver_client):
    category = make_category(name="Chỉ đạo, điều hành")
    response = approver_client.post(
        reverse("admin:articles_article_add"), article_form(category, _publish="1")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at.astimezone(HANOI) == datetime(2017, 1, 5, 8, 30, tzinfo=HANOI)
    assert article.slug == "thu-tuong-phat-dong-thi-dua"
    assert article.created_by.username == "duyettin"


def test_an_article_an_editor_adds_is_a_draft(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(make_category())
    )
    assert response.status_code == 302
    assert Article.objects.get().status == Article.Status.DRAFT


def test_a_published_article_reaches_every_place_a_reader_looks(client, approver_client):
    category = make_category(name="Chỉ đạo, điều hành")
    approver_client.post(
        reverse("admin:articles_article_add"), article_form(category, _publish="1")
    )
    title = "Thủ tướng phát động thi đua"
    slug = "thu-tuong-phat-dong-thi-dua"

    assert title in client.get(reverse("articles:home")).content.decode()
    assert title in client.get(category.get_absolute_url()).content.decode()
    found = client.get(reverse("articles:search"), {"q": "phat dong"}).content.decode()
    assert f'href="/bai-viet/{slug}/"' in found
    assert title in client.get(reverse("articles:feed")).content.decode()
    sitemap = client.get(reverse("articles:sitemap_section", args=["articles"])).content.decode()
    assert f"/bai-viet/{slug}/" in sitemap
    page = client.get(f"/bai-viet/{slug}/").content.decode()
    assert "Thứ năm, 05/01/2017 08:30\N{NO-BREAK SPACE}GMT+7" in page


def test_the_admin_form_shows_dates_day_first(approver_client):
    article = make_article(published_at=datetime(2017, 1, 5, 8, 30, tzinfo=HANOI))
    page = approver_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert 'value="05/01/2017"' in page.content.decode()


def test_a_month_first_date_is_refused_not_misread(editor_client):
    category = make_category()
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(category, published_at_0="12/31/2017")
    )
    assert response.status_code == 200
    assert Article.objects.count() == 0


def test_the_publish_action_publishes_drafts_now(approver_client, client):
    draft = make_article(title="Bản nháp chờ duyệt", status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    approver_client.post(
        reverse("admin:articles_article_changelist"), list_action("publish_selected", draft)
    )
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_take_down_action_takes_an_article_down(approver_client, client):
    article = make_article()
    approver_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "take_down_selected", "_selected_action": [article.pk]},
    )
    assert client.get(article.get_absolute_url()).status_code == 404


def test_the_slug_cannot_be_changed_once_published(approver_client):
    article = make_article(title="Tin đã đăng")
    approver_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form(
            article.category, title="Tin đã đăng (sửa)", slug="duong-dan-moi", seen_version=1
        ),
    )
    article.refresh_from_db()
    assert article.title == "Tin đã đăng (sửa)"
    assert article.slug == "tin-da-dang"


def test_view_on_site_previews_a_draft(editor_client):
    draft = make_article(status=Article.Status.DRAFT)
    page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert reverse("articles:preview", args=[draft.pk]) in page.content.decode()


def test_a_file_that_is_not_an_image_is_refused_with_a_clear_error(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.jpg", b"not an image at all", content_type="image/jpeg")
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(make_category(), lead_image=fake)
    )
    assert response.status_code == 200
    assert Article.objects.count() == 0
    assert response.context["adminform"].form.errors["lead_image"]


def test_the_admin_speaks_vietnamese(approver_client):
    make_article()
    page = approver_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Gỡ các bài viết đã chọn" in page
    assert "Chọn bài viết để thay đổi" in page


def test_editors_manage_articles_but_not_users(editor_client):
    assert editor_client.get(reverse("admin:articles_article_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:articles_category_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_a_non_staff_user_never_reaches_the_admin(client):
    user = make_user(staff=False)
    client.force_login(user)
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302


def test_publish_and_take_down_actions_are_recorded_in_the_admin_history(approver_client):
    from django.contrib.admin.models import LogEntry

    draft = make_article(status=Article.Status.DRAFT)
    changelist = reverse("admin:articles_article_changelist")
    approver_client.post(changelist, list_action("publish_selected", draft))
    approver_client.post(
        changelist, {"action": "take_down_selected", "_selected_action": [draft.pk]}
    )
    messages = list(
        LogEntry.objects.filter(object_id=str(draft.pk)).values_list("change_message", flat=True)
    )
    assert sorted(messages) == ["Duyệt và xuất bản", "Gỡ bài"]


def test_the_admin_filters_scheduled_articles(editor_client):
    from datetime import timedelta

    from django.utils import timezone

    make_article(title="Tin đã đăng")
    make_article(title="Tin hẹn giờ", published_at=timezone.now() + timedelta(days=1))
    page = editor_client.get(
        reverse("admin:articles_article_changelist"), {"trang_thai": "scheduled"}
    )
    assert [a.title for a in page.context["cl"].result_list] == ["Tin hẹn giờ"]


@pytest.mark.parametrize(
    ("hours_ahead", "badge"),
    [
        (1, '"desk-badge desk-badge--scheduled">hẹn giờ xuất bản</span>'),
        (-1, '"desk-badge desk-badge--published">đã xuất bản</span>'),
        (None, '"desk-badge desk-badge--draft">bản nháp</span>'),
    ],
    ids=["scheduled", "public", "draft"],
)
def test_the_article_list_and_form_badge_tells_scheduled_apart_from_public(
    editor_client, hours_ahead, badge
):
    from datetime import timedelta

    from django.utils import timezone

    if hours_ahead is None:
        article = make_article(status=Article.Status.DRAFT)
    else:
        article = make_article(published_at=timezone.now() + timedelta(hours=hours_ahead))
    listing = editor_client.get(reverse("admin:articles_article_changelist"))
    form = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    for page in (listing, form):
        assert page.status_code == 200
        html = page.content.decode()
        assert badge in html
        assert html.count('"desk-badge desk-badge--') == 1  # the article's one badge
