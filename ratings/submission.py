"""One vote attempt from an HTTP request, shared by the JSON API and the plain
HTML rating page: count the attempt (ratings.limits), check the form (which
uses up the captcha), then services.cast_vote()."""

from dataclasses import dataclass, field

from django.http import HttpRequest

from articles.models import Article

from . import limits, services
from .fingerprint import Voter
from .forms import VoteForm
from .models import RatingSummary
from .refusals import VoteRefused


@dataclass
class Outcome:
    status: int  # 201, 400, 409, 429 or 503
    voter: Voter
    form: VoteForm | None = None
    summary: RatingSummary | None = None
    errors: dict = field(default_factory=dict)
    retry_after: int | None = None

    @property
    def ok(self):
        return self.status == 201


def submit_vote(request: HttpRequest, article: Article, data: dict) -> Outcome:
    """The outcome of one vote sent with `data` (score, captcha_0, captcha_1)
    on a public article; never raises a refusal, returns it."""
    voter = Voter.from_request(request)
    try:
        limits.count_attempt(network_hash=voter.network_hash)
    except VoteRefused as exc:
        # Before the form: a refused attempt does not use up its captcha.
        return _refused(voter, exc)
    form = VoteForm(data)
    if not form.is_valid():
        return Outcome(400, voter, form=form, errors=form.error_dict())
    try:
        summary = services.cast_vote(article=article, score=form.cleaned_data["score"], voter=voter)
    except VoteRefused as exc:
        return _refused(voter, exc, form)
    return Outcome(201, voter, form=form, summary=summary)


def _refused(voter, exc, form=None):
    return Outcome(
        exc.status,
        voter,
        form=form,
        errors={"__all__": [exc.message]},
        retry_after=exc.retry_after,
    )
