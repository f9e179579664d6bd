"""The rating activity of the last days, for the staff dashboard: votes a
day, the score distribution and the bursts flagged, with the geometry of the
server-drawn SVG chart (templates/ratings/admin/activity.html)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from core.cache import CACHE_ERRORS

from .models import Vote, VoteBurst

CHART_WIDTH, CHART_HEIGHT = 600, 160  # SVG user units
BAR_GAP = 2


@dataclass(frozen=True)
class Day:
    day: date
    votes: int
    bursts: int
    x: float = 0
    y: float = 0
    height: float = 0


@dataclass(frozen=True)
class Activity:
    days: list
    scores: dict  # score (1-5) -> visible votes in the period
    total_votes: int
    total_bursts: int
    peak: int
    bar_width: float
    score_bars: list  # (score, count, bar width, row y, count label x) in SVG units


# The finished days' counts change only when a moderator hides or deletes an
# old vote: they are kept this long, and only today's votes are counted on
# each render, so the dashboard reads a day of votes, not a month of them.
PAST_DAYS_SECONDS = 10 * 60


def rating_activity(*, days: int = 30, now: datetime | None = None) -> Activity:
    """Votes cast each day of the last `days` days (today included, days in
    the portal's time zone), visible votes by score, and bursts detected.

    The days before today are counted once per PAST_DAYS_SECONDS (one grouped
    query over rating_vote_created_idx, kept in the cache); today's votes are
    counted on every call. A vote hidden or deleted on an earlier day shows
    in the chart within that time.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    first_day = today - timedelta(days=days - 1)
    since = timezone.make_aware(datetime.combine(first_day, time.min))
    midnight = timezone.make_aware(datetime.combine(today, time.min))
    try:
        past: list = (
            cache.get_or_set(
                f"ratings.activity.{first_day}.{today}",
                lambda: _vote_counts(since, midnight),
                PAST_DAYS_SECONDS,
            )
            or []
        )
    except CACHE_ERRORS:
        # Redis down: the dashboard still opens, counting the days itself.
        past = _vote_counts(since, midnight)
    per_day: dict[date, int] = {}
    scores = dict.fromkeys(range(1, 6), 0)
    for day, score, cast, shown in [*past, *_vote_counts(midnight, now, inclusive=True)]:
        per_day[day] = per_day.get(day, 0) + cast
        scores[score] += shown
    bursts = dict(
        VoteBurst.objects.filter(detected_at__gte=since, detected_at__lte=now)
        .annotate(day=TruncDate("detected_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    calendar = [first_day + timedelta(days=n) for n in range(days)]
    peak = max([per_day.get(d, 0) for d in calendar] + [1])
    slot = CHART_WIDTH / days
    bars = []
    for index, day in enumerate(calendar):
        count = per_day.get(day, 0)
        height = round(count / peak * (CHART_HEIGHT - 20), 1)
        bars.append(
            Day(
                day=day,
                votes=count,
                bursts=bursts.get(day, 0),
                x=round(index * slot + BAR_GAP / 2, 1),
                y=round(CHART_HEIGHT - height, 1),
                height=height,
            )
        )
    most = max([*scores.values(), 1])
    return Activity(
        days=bars,
        scores=scores,
        total_votes=sum(per_day.get(d, 0) for d in calendar),
        total_bursts=sum(bursts.get(d, 0) for d in calendar),
        peak=peak,
        bar_width=round(slot - BAR_GAP, 1),
        score_bars=[
            (s, n, round(n / most * 400, 1), (s - 1) * 25, round(n / most * 400 + 56, 1))
            for s, n in sorted(scores.items())
        ],
    )


def _vote_counts(start, end, *, inclusive=False):
    """(local day, score, votes cast, visible votes) for the votes cast from
    `start` to before `end` (up to `end` included when `inclusive`)."""
    until = {"created_at__lte" if inclusive else "created_at__lt": end}
    return list(
        Vote.objects.filter(created_at__gte=start, **until)
        .annotate(day=TruncDate("created_at"))
        .values("day", "score")
        .annotate(cast=Count("id"), shown=Count("id", filter=Q(state=Vote.State.VISIBLE)))
        .values_list("day", "score", "cast", "shown")
    )
