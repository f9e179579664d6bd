"""The rating activity panel of the staff dashboard (admin index): for
moderators and approvers only. Articles never import ratings; the admin
index template loads this tag."""

from django import template

from articles.workflow.rules import PUBLISH_PERMISSION

from ..activity import rating_activity

register = template.Library()
DAYS = 30


@register.inclusion_tag("ratings/admin/activity.html", takes_context=True)
def rating_activity_panel(context):
    """Votes a day, the score distribution and bursts flagged over the last
    30 days, as an accessible SVG with its numbers in a table; nothing for
    staff who neither moderate votes nor approve articles."""
    user = context["request"].user
    if not (user.has_perm("ratings.view_vote") or user.has_perm(PUBLISH_PERMISSION)):
        return {"activity": None}
    return {"activity": rating_activity(days=DAYS), "days": DAYS}
