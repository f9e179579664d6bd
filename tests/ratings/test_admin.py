"""The moderators' admin: who sees what, the vote list, its actions, CSV
export, the per-article summary and its reset."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from ratings.models import RatingSummary, Vote, VoteBurst
from tests.factories import make_article
from tests.queries import page_queries
from tests.ratings.factories import make_vote, make_votes

pytestmark = pytest.mark.django_db

VOTES_URL = reverse("admin:ratings_vote_changelist")


def perms_of(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_moderators_may_see_hide_and_delete_votes_and_see_summaries(portal_groups):
    assert perms_of("Kiểm duyệt viên") == {
        ("ratings", "view_vote"),
        ("ratings", "change_vote"),
        ("ratings", "delete_vote"),
        ("ratings", "view_voteburst"),
        ("ratings", "change_voteburst"),
        ("ratings", "view_ratingsummary"),
    }


def test_editors_have_no_ratings_permission(portal_groups):
    assert not {app for app, _ in perms_of("Biên tập viên")} & {"ratings"}


def test_a_moderator_sees_the_vote_list(moderator_client, article):
    make_vote(article)

    response = moderator_client.get(VOTES_URL)

    assert response.status_code == 200
    assert article.title in response.content.decode()


def test_an_editor_sees_no_votes(editor_client):
    assert editor_client.get(VOTES_URL).status_code == 403
    assert "Đánh giá" not in editor_client.get(reverse("admin:index")).content.decode()


def test_a_moderator_cannot_edit_articles(moderator_client):
    assert moderator_client.get(reverse("admin:articles_article_changelist")).status_code == 403


def test_a_moderator_cannot_publish_articles_with_the_list_action(moderator_client):
    draft = make_article(status="draft")

    response = moderator_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not LogEntry.objects.exists()


def test_a_moderator_cannot_change_an_article_through_its_form(moderator_client):
    draft = make_article(status="draft", title="Tiêu đề gốc")

    response = moderator_client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        {
            "title": "Tiêu đề sửa",
            "slug": draft.slug,
            "category": draft.category_id,
            "summary": draft.summary,
            "body": draft.body,
            "status": "published",
            "published_at_0": "01/01/2026",
            "published_at_1": "08:00:00",
        },
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Tiêu đề gốc", "draft")


def test_the_vote_list_shows_a_short_network_hash_and_the_flag(moderator_client, article):
    vote = make_vote(article)

    html = moderator_client.get(VOTES_URL).content.decode()

    assert f"<code>{vote.network_hash[:8]}</code>" in html
    assert vote.network_hash[:9] not in html.replace(f"network_hash={vote.network_hash}", "")


def test_the_vote_list_filters_by_flag_and_state(settings, moderator_client, article):
    settings.RATINGS_BURST_VOTES = 3
    make_votes(article, [1, 1, 1], ip="203.0.113.9")
    make_vote(article, 5)

    flagged = moderator_client.get(VOTES_URL, {"bat_thuong": "1"}).context["cl"]
    held = moderator_client.get(VOTES_URL, {"state__exact": "held"}).context["cl"]

    assert flagged.result_count == 3
    assert held.result_count == 3


def test_the_vote_list_costs_the_same_queries_for_few_or_many_votes(moderator_client):
    make_votes(make_article(), [4, 5])
    few = page_queries(moderator_client, VOTES_URL)
    for _ in range(3):
        make_votes(make_article(), [4, 5, 3, 2, 1])
    many = page_queries(moderator_client, VOTES_URL)
    assert many == few <= 15


def act(client, action, votes):
    return client.post(
        VOTES_URL, {"action": action, "_selected_action": [v.pk for v in votes]}, follow=True
    )


def test_the_hide_action_hides_votes_updates_the_average_and_logs_it(
    moderator_client, moderator, article
):
    low, _ = make_votes(article, [1, 5])

    response = act(moderator_client, "hide_selected", [low])

    assert "Đã ẩn 1 lượt đánh giá." in response.content.decode()
    assert RatingSummary.objects.get(article=article).average == 5
    assert LogEntry.objects.get(object_id=str(low.pk)).user == moderator


def test_the_unhide_action_counts_votes_again(moderator_client, moderator, article):
    vote = make_vote(article, 2)
    act(moderator_client, "hide_selected", [vote])

    act(moderator_client, "unhide_selected", [vote])

    assert RatingSummary.objects.get(article=article).count == 1


def test_the_delete_action_asks_then_deletes_and_updates_the_average(moderator_client, article):
    low, _ = make_votes(article, [1, 5])

    confirm = act(moderator_client, "delete_selected", [low])
    moderator_client.post(
        VOTES_URL, {"action": "delete_selected", "_selected_action": [low.pk], "post": "yes"}
    )

    assert confirm.status_code == 200
    assert not Vote.objects.filter(pk=low.pk).exists()
    assert RatingSummary.objects.get(article=article).count == 1
    assert LogEntry.objects.filter(object_id=str(low.pk)).count() == 1


def test_the_delete_action_is_named_as_in_the_glossary(moderator_client, article):
    make_vote(article)

    assert "Xoá các đánh giá đã chọn" in moderator_client.get(VOTES_URL).content.decode()


def test_one_action_hides_a_whole_burst(settings, moderator_client, article):
    settings.RATINGS_BURST_VOTES = 3
    make_vote(article, 4)
    burst_votes = make_votes(article, [1, 1, 1, 1], ip="203.0.113.9")

    act(moderator_client, "hide_bursts_of_selected", burst_votes[:1])

    assert Vote.objects.hidden().count() == 4
    assert RatingSummary.objects.get(article=article).average == 4
    assert VoteBurst.objects.get().hidden_at is not None


def test_the_burst_list_hides_a_burst(settings, moderator_client, article):
    settings.RATINGS_BURST_VOTES = 3
    make_votes(article, [1, 1, 1], ip="203.0.113.9")
    burst = VoteBurst.objects.get()

    moderator_client.post(
        reverse("admin:ratings_voteburst_changelist"),
        {"action": "hide_selected_bursts", "_selected_action": [burst.pk]},
    )

    assert RatingSummary.objects.get(article=article).count == 0


def test_the_csv_export_holds_the_filtered_votes(moderator_client, article):
    make_votes(article, [5, 4])
    make_votes(make_article(), [1])

    response = moderator_client.get(
        reverse("admin:ratings_vote_export"), {"article__id__exact": article.pk}
    )

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][:4] == ["Mã", "Mã bài viết", "Bài viết", "Số sao"]
    assert sorted(row[3] for row in rows[1:]) == ["4", "5"]


def test_the_csv_export_defuses_spreadsheet_formulas(moderator_client):
    make_vote(make_article(title="=HYPERLINK(1)"))

    response = moderator_client.get(reverse("admin:ratings_vote_export"))

    assert "'=HYPERLINK(1)" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_an_editor_cannot_export_votes(editor_client):
    assert editor_client.get(reverse("admin:ratings_vote_export")).status_code == 403


def test_the_summary_page_shows_histogram_count_and_average(moderator_client, article):
    make_votes(article, [5, 5, 4, 1])

    html = moderator_client.get(
        reverse("admin:ratings_ratingsummary_change", args=[article.pk])
    ).content.decode()

    assert '<meter min="0" max="4" value="2">' in html
    assert "3,8" in html
    assert "Đặt lại đánh giá" in html


def test_resetting_ratings_asks_for_confirmation_first(moderator_client, article):
    make_votes(article, [5, 1])
    url = reverse("admin:ratings_ratingsummary_reset", args=[article.pk])

    response = moderator_client.get(url)

    assert "Có, đặt lại đánh giá" in response.content.decode()
    assert Vote.objects.count() == 2


def test_confirming_the_reset_deletes_the_votes_of_the_article(moderator_client, article):
    make_votes(article, [5, 1])
    other = make_vote().article

    moderator_client.post(reverse("admin:ratings_ratingsummary_reset", args=[article.pk]))

    assert RatingSummary.objects.get(article=article).count == 0
    assert RatingSummary.objects.get(article=other).count == 1


def test_an_editor_cannot_reset_ratings(editor_client, article):
    make_vote(article)

    response = editor_client.post(reverse("admin:ratings_ratingsummary_reset", args=[article.pk]))

    assert response.status_code == 403
    assert Vote.objects.count() == 1


@pytest.mark.parametrize("object_id", ["abc", "999999"])
def test_resetting_ratings_of_no_such_summary_is_404(moderator_client, object_id):
    response = moderator_client.get(f"/quan-tri/ratings/ratingsummary/{object_id}/dat-lai/")

    assert response.status_code == 404
