"""Star ratings: one row per vote, one summary row per article, and the
suspicious bursts moderators review.

Rules that span several models (casting a vote, hiding, recounting) live in
ratings.services; the rules of one table live here and in the database.
"""

from .bursts import VoteBurst
from .summaries import DEFAULT_PRIOR_MEAN, DEFAULT_PRIOR_VOTES, RatingSummary, bayesian_score
from .votes import SCORES, Vote

__all__ = [
    "DEFAULT_PRIOR_MEAN",
    "DEFAULT_PRIOR_VOTES",
    "SCORES",
    "RatingSummary",
    "Vote",
    "VoteBurst",
    "bayesian_score",
]
