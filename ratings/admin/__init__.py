"""Moderation of ratings in the admin, for the `Kiểm duyệt viên` group.

Every change goes through ratings.services, which updates the article's
summary at once and records the change in the admin log (LogEntry).

- votes.py: the vote list and its actions; export.py: its CSV export;
- bursts.py: the bursts of suspicious votes;
- summaries.py: the per-article summaries; reset.py: their reset page;
- common.py: what the three share.
"""

from . import bursts, summaries, votes

__all__ = ["bursts", "summaries", "votes"]
