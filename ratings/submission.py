"""One vote attempt from an HTTP request, shared by the JSON API and the plain
HTML rating page: count the attempt (ratings.limits), then in one
transaction check the fields (forms.check_vote(), which uses the captcha up)
and cast the vote (services.cast_vote()). One commit per vote: a refused vote (404 for an
article that is not public, 409, 429) still uses its captcha up, since
cast_vote() leaves the transaction usable."""

from dataclasses import dataclass, field

from django.db import transaction
from django.http import HttpRequest

from articles.models import Article
from core.metrics import VOTES

from . import limits, proof, services
from .fingerprint import Voter
from .forms import check_vote
from .models import RatingSummary
from .refusals import VoteRefused


def _statuses(refusal: type[VoteRefused]) -> set[int]:
    return {refusal.status}.union(*map(_statuses, refusal.__subclasses__()))


def count_votes_from_zero() -> None:
    """Start every outcome of VOTES at zero (core.metrics says why): accepted
    and held (201), and refused with 400 (the fields, the proof) or any
    VoteRefused's status."""
    VOTES.labels("accepted", "201")
    VOTES.labels("held", "201")
    for status in sorted(_statuses(VoteRefused) | {400}):
        VOTES.labels("refused", str(status))


@dataclass
class Outcome:
    status: int  # 201, 400, 404, 409, 429 or 503
    voter: Voter
    summary: RatingSummary | None = None
    score: int | None = None  # the stored vote's stars
    held: bool = False  # stored (201) but waiting for a moderator
    errors: dict = field(default_factory=dict)
    retry_after: int | None = None

    @property
    def ok(self):
        return self.status == 201


def submit_vote(request: HttpRequest, article: Article, data: dict, *, with_proof: bool) -> Outcome:
    """The outcome of one vote sent with `data` (score, captcha_0, captcha_1,
    and with_proof: altcha, the proof of work) on a public article; never
    raises a refusal, returns it. A 201 is answered only once the vote is
    committed. Counted in core.metrics.VOTES.

    with_proof: True for the JSON API, which reads the proof of work
    (ratings.proof, spent whatever the outcome, refused with a 400 when forged,
    expired or used) when one is sent; False for the plain rating page. A vote
    without a proof, from either, counts against the network's lower hourly
    quota of plain votes (limits.count_plain_vote): a script that skips the
    proof gains nothing over the no-JavaScript reader's path."""
    outcome = _submit(request, article, data, with_proof=with_proof)
    kind = ("held" if outcome.held else "accepted") if outcome.ok else "refused"
    VOTES.labels(kind, str(outcome.status)).inc()
    return outcome


def _submit(request, article, data, *, with_proof):
    voter = Voter.from_request(request)
    try:
        if with_proof and data.get(proof.FIELD):
            limits.count_attempt(network_hash=voter.network_hash)
            proof.spend(data[proof.FIELD])
        else:  # counted as an attempt too
            limits.count_plain_vote(network_hash=voter.network_hash)
    except VoteRefused as exc:
        # Before the fields: a refused attempt does not use up its captcha.
        return _refused(voter, exc)
    except proof.ProofError as exc:
        # Nor does a refused proof: the captcha's answer is not even read.
        return Outcome(400, voter, errors={proof.FIELD: [exc.message]})
    with transaction.atomic():
        score, errors = check_vote(data)  # uses the captcha up
        if errors or score is None:
            return Outcome(400, voter, errors=errors)
        try:
            ballot = services.cast_vote(article=article, score=score, voter=voter)
        except VoteRefused as exc:
            return _refused(voter, exc)
    return Outcome(201, voter, summary=ballot.summary, score=score, held=ballot.held)


def _refused(voter, exc):
    return Outcome(
        exc.status, voter, errors={"__all__": [exc.message]}, retry_after=exc.retry_after
    )
