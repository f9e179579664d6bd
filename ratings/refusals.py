"""The refusals a vote (or an attempt at one) can meet, each with the HTTP
status and the Vietnamese message the API and the rating page answer with.
Raised by ratings.limits and ratings.services; caught only where a request
is answered (submission.py, api.py, views.py, captcha_views.py)."""

from django.http import HttpResponse

from . import texts


class VoteRefused(Exception):
    """A vote (or an attempt at one) the rules turn down. `status` is the HTTP
    status that says why, `message` the Vietnamese sentence for the reader,
    `retry_after` the seconds to wait before trying again (or None)."""

    status = 400

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, int(retry_after)) if retry_after is not None else None


class AlreadyVoted(VoteRefused):
    """This browser's voter token has a vote on the article (constraint
    rating_vote_one_per_voter)."""

    status = 409

    def __init__(self):
        super().__init__(texts.ALREADY_RATED)


class ArticleNotPublic(VoteRefused):
    """The article is not public (Article.objects.published()): not
    published, scheduled for later, or no such article."""

    status = 404

    def __init__(self):
        super().__init__(texts.ARTICLE_NOT_FOUND)


class TooManyVotes(VoteRefused):
    """A quota of ratings.limits is used up; `retry_after` says when it frees."""

    status = 429

    def __init__(self, retry_after: float):
        super().__init__(texts.TOO_MANY_VOTES, retry_after=retry_after)


class ListenedEnough(VoteRefused):
    """The captcha's audio was played RATINGS_CAPTCHA_LISTENINGS times."""

    status = 429

    def __init__(self):
        super().__init__(texts.CAPTCHA_LISTENED_ENOUGH)


class VotingUnavailable(VoteRefused):
    """The counters of ratings.limits cannot be reached: nothing is accepted
    until they can, since no limit would hold meanwhile."""

    status = 503

    def __init__(self, retry_after: float = 30):
        super().__init__(texts.UNAVAILABLE, retry_after=retry_after)


def with_retry_after(response: HttpResponse, retry_after: int | None) -> HttpResponse:
    """The response, telling the client when to try again (if it should wait)."""
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
