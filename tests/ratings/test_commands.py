"""Management commands: rebuild summaries (reporting drift), purge old hashes, flag bursts,
write captcha samples."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from PIL import Image

from ratings.models import RatingSummary, Vote
from tests.ratings.factories import make_votes

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_rebuilding_matching_summaries_reports_no_drift(article):
    make_votes(article, [4, 5])

    assert "No drift" in run("rebuild_rating_summaries")


def test_rebuilding_reports_and_fixes_a_drifted_summary(article):
    make_votes(article, [4, 5])
    RatingSummary.objects.filter(pk=article.pk).update(count=1, total=4, count_5=0)

    output = run("rebuild_rating_summaries")

    assert f"article {article.pk}: stored count=1 total=4, votes say count=2 total=9" in output
    summary = RatingSummary.objects.get(pk=article.pk)
    assert (summary.count, summary.total, summary.count_5) == (2, 9, 1)


def test_rebuilding_creates_a_missing_summary(article):
    make_votes(article, [3])
    RatingSummary.objects.all().delete()

    run("rebuild_rating_summaries")

    assert RatingSummary.objects.get(pk=article.pk).count == 1


def test_checking_reports_drift_without_fixing_it(article):
    make_votes(article, [4, 5])
    RatingSummary.objects.filter(pk=article.pk).update(count=1, total=4, count_5=0)

    with pytest.raises(CommandError, match="1 summaries drifted"):
        run("rebuild_rating_summaries", "--check")

    assert RatingSummary.objects.get(pk=article.pk).count == 1


def test_purging_blanks_old_hashes_and_keeps_scores_and_aggregates(settings, article):
    settings.RATINGS_HASH_RETENTION_DAYS = 30
    old = make_votes(article, [5], now=timezone.now() - timedelta(days=31))[0]
    recent = make_votes(article, [3])[0]

    output = run("purge_rating_hashes")

    old.refresh_from_db()
    recent.refresh_from_db()
    assert "Purged the hashes of 1 votes older than 30 days" in output
    assert (old.ip_hash, old.network_hash, old.user_agent_hash) == ("", "", "")
    assert old.score == 5
    assert recent.ip_hash and recent.network_hash and recent.user_agent_hash
    assert RatingSummary.objects.get(pk=article.pk).count == 2


def test_purging_refuses_a_retention_shorter_than_the_daily_limits():
    with pytest.raises(CommandError):
        run("purge_rating_hashes", "--days", "1")


def test_the_burst_command_reports_what_it_flagged(settings, article):
    settings.RATINGS_BURST_VOTES = 50
    make_votes(article, [5] * 5, ip="203.0.113.4")
    settings.RATINGS_BURST_VOTES = 5

    output = run("flag_rating_bursts")

    assert "1 new bursts flagged." in output
    assert Vote.objects.flagged().count() == 5


def test_captcha_samples_writes_images_and_their_answers_apart(tmp_path):
    folder = tmp_path / "samples"

    run("captcha_samples", str(folder), "--count", "3")

    assert sorted(p.name for p in folder.iterdir()) == ["01.png", "02.png", "03.png"]
    answers = (tmp_path / "samples-answers.txt").read_text().split()
    assert answers[0::2] == ["01.png", "02.png", "03.png"]
    assert all(len(answer) == 5 and answer.isupper() for answer in answers[1::2])
    assert Image.open(folder / "01.png").size == (160, 50)
