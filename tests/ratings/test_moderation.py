"""Hiding, unhiding, deleting and resetting votes: the aggregate follows at
once and every change is in the admin log."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry

from ratings import services
from ratings.models import RatingSummary, Vote, VoteBurst
from tests.ratings.factories import make_vote, make_votes

pytestmark = pytest.mark.django_db


def summary_of(article):
    summary = RatingSummary.objects.get(article=article)
    return summary.count, summary.total


def test_hiding_votes_takes_them_out_of_the_aggregate(article, moderator):
    one, five, _ = make_votes(article, [1, 5, 4])

    hidden = services.hide_votes(
        votes=Vote.objects.filter(pk__in=[one.pk, five.pk]), actor=moderator
    )

    assert hidden == 2
    assert summary_of(article) == (1, 4)
    assert RatingSummary.objects.get(article=article).histogram == {
        "1": 0,
        "2": 0,
        "3": 0,
        "4": 1,
        "5": 0,
    }


def test_a_hidden_vote_records_who_hid_it_and_when(article, moderator):
    vote = make_vote(article)

    services.hide_votes(votes=[vote], actor=moderator)

    vote.refresh_from_db()
    assert vote.state == Vote.State.HIDDEN
    assert vote.moderated_by == moderator
    assert vote.moderated_at is not None


def test_unhiding_votes_counts_them_again(article, moderator):
    votes = make_votes(article, [2, 5])
    services.hide_votes(votes=votes, actor=moderator)

    services.unhide_votes(votes=votes, actor=moderator)

    assert summary_of(article) == (2, 7)


def test_hiding_an_already_hidden_vote_changes_nothing(article, moderator):
    vote = make_vote(article)
    services.hide_votes(votes=[vote], actor=moderator)

    assert services.hide_votes(votes=[vote], actor=moderator) == 0
    assert LogEntry.objects.count() == 1


def test_deleting_votes_removes_them_from_the_aggregate(article, moderator):
    keep, drop = make_votes(article, [4, 1])

    services.delete_votes(votes=Vote.objects.filter(pk=drop.pk), actor=moderator)

    assert summary_of(article) == (1, 4)
    assert list(Vote.objects.all()) == [keep]


def test_deleting_a_hidden_vote_leaves_the_aggregate_as_it_was(article, moderator):
    _, hidden = make_votes(article, [4, 1])
    services.hide_votes(votes=[hidden], actor=moderator)

    services.delete_votes(votes=[hidden], actor=moderator)

    assert summary_of(article) == (1, 4)


@pytest.mark.parametrize(
    ("action", "flag", "message"),
    [
        (services.hide_votes, CHANGE, "Ẩn đánh giá"),
        (services.delete_votes, DELETION, "Xoá đánh giá"),
    ],
)
def test_each_moderation_is_recorded_in_the_admin_log(article, moderator, action, flag, message):
    vote = make_vote(article)

    action(votes=[vote], actor=moderator)

    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag, entry.object_id) == (moderator, flag, str(vote.pk))
    assert entry.change_message == message


def test_hiding_a_burst_hides_all_its_votes_and_the_average_follows(settings, article, moderator):
    settings.RATINGS_BURST_VOTES = 3
    make_votes(article, [4, 4])
    make_votes(article, [1, 1, 1, 1], ip="203.0.113.9")
    burst = VoteBurst.objects.get()

    hidden = services.hide_burst(bursts=[burst], actor=moderator)

    assert hidden == 4
    assert summary_of(article) == (2, 8)
    burst.refresh_from_db()
    assert burst.hidden_by == moderator
    assert LogEntry.objects.filter(object_id=str(burst.pk)).exists()


def test_resetting_an_article_deletes_its_votes_and_zeroes_the_summary(article, moderator):
    make_votes(article, [5, 3, 1])

    deleted = services.reset_ratings(article=article, actor=moderator)

    assert deleted == 3
    assert summary_of(article) == (0, 0)
    assert not Vote.objects.exists()
    assert "đã xoá 3 lượt đánh giá" in LogEntry.objects.get().change_message


def test_moderation_on_one_article_leaves_other_articles_alone(article, moderator):
    other = make_vote().article
    vote = make_vote(article)

    services.hide_votes(votes=[vote], actor=moderator)

    assert summary_of(other) == (1, 4)
