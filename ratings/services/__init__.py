"""The rules of the ratings app that span several models, one function each,
keyword-only. Views, admin actions and management commands all go through
them, so every path keeps the same rules:

- voting.py: cast_vote();
- moderation.py: accept held votes or bursts, hide, show again, delete,
  hide a burst, reset an article;
- maintenance.py: rebuild the summaries, purge old hashes.

Read-only queries are in ratings.selectors, rate limits in ratings.limits,
burst detection in ratings.bursts, the refusals in ratings.refusals.
"""

from .maintenance import Drift, purge_old_hashes, rebuild_summaries
from .moderation import (
    accept_bursts,
    accept_votes,
    delete_votes,
    hide_burst,
    hide_votes,
    recount,
    reset_ratings,
    unhide_votes,
)
from .voting import Ballot, cast_vote

__all__ = [
    "Ballot",
    "Drift",
    "accept_bursts",
    "accept_votes",
    "cast_vote",
    "delete_votes",
    "hide_burst",
    "hide_votes",
    "purge_old_hashes",
    "rebuild_summaries",
    "recount",
    "reset_ratings",
    "unhide_votes",
]
