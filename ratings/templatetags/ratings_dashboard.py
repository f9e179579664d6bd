"""The rating activity panel of the staff dashboard (admin index): for
moderators and approvers only. Articles never import ratings; the admin
index template loads this tag."""

from django import template

from articles.workflow.rules import PUBLISH_PERMISSION

from ..activity import rating_activity
from ..selectors import held_queue

register = template.Library()
DAYS = 30
HELD_SHOWN = 10  # articles listed in the held-votes queue


@register.inclusion_tag("ratings/admin/activity.html", takes_context=True)
def rating_activity_panel(context):
    """Votes a day, the score distribution and bursts flagged over the last
    30 days, as an accessible SVG with its numbers in a table, and for
    moderators the held votes waiting, per article; nothing for staff who
    neither moderate votes nor approve articles."""
    user = context["request"].user
    if not (user.has_perm("ratings.view_vote") or user.has_perm(PUBLISH_PERMISSION)):
        return {"activity": None}
    moderates = user.has_perm("ratings.view_vote")
    waiting, queue = held_queue(limit=HELD_SHOWN) if moderates else (0, [])
    return {
        "moderates": moderates,
        "activity": rating_activity(days=DAYS),
        "days": DAYS,
        "held_waiting": waiting,
        "held_queue": queue,
    }
