"""The newsroom's publishing rules, in one place.

An editor (Biên tập viên) writes a draft and submits it (gửi duyệt); an
approver (Duyệt tin) publishes it (or schedules it, when its time is in the
future), returns it with a remark (trả lại), or takes a published article down
(gỡ bài). An editor's edit of a published article waits as a pending revision
until an approver applies or returns it.

`RULES` is read by the services (`articles.workflow.services`), by the admin (which
buttons and actions a user sees) and by the database: the transition log's
check constraint is built from it, so a row the rules refuse cannot be stored.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PUBLISH_PERMISSION = "articles.publish_article"
EDIT_PERMISSION = "articles.change_article"


class Status(models.TextChoices):
    DRAFT = "draft", _("bản nháp")
    SUBMITTED = "submitted", _("chờ duyệt")
    RETURNED = "returned", _("trả lại")
    PUBLISHED = "published", _("đã xuất bản")
    TAKEN_DOWN = "taken_down", _("đã gỡ")


class Action(models.TextChoices):
    SUBMIT = "submit", _("gửi duyệt")
    PUBLISH = "publish", _("duyệt và xuất bản")
    RETURN = "return", _("trả lại")
    TAKE_DOWN = "take_down", _("gỡ bài")
    APPROVE_CHANGE = "approve_change", _("duyệt thay đổi")
    RETURN_CHANGE = "return_change", _("trả lại thay đổi")


@dataclass(frozen=True)
class Rule:
    sources: frozenset
    target: str
    permission: str
    needs_remark: bool = False


S = Status
RULES = {
    Action.SUBMIT: Rule(
        frozenset({S.DRAFT, S.RETURNED, S.TAKEN_DOWN}), S.SUBMITTED, EDIT_PERMISSION
    ),
    # Approvers may publish what they wrote themselves, or republish.
    Action.PUBLISH: Rule(
        frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.TAKEN_DOWN}),
        S.PUBLISHED,
        PUBLISH_PERMISSION,
    ),
    Action.RETURN: Rule(frozenset({S.SUBMITTED}), S.RETURNED, PUBLISH_PERMISSION, True),
    Action.TAKE_DOWN: Rule(frozenset({S.PUBLISHED}), S.TAKEN_DOWN, PUBLISH_PERMISSION),
    Action.APPROVE_CHANGE: Rule(frozenset({S.PUBLISHED}), S.PUBLISHED, PUBLISH_PERMISSION),
    Action.RETURN_CHANGE: Rule(
        frozenset({S.PUBLISHED}), S.PUBLISHED, PUBLISH_PERMISSION, needs_remark=True
    ),
}

# Article states an editor's edit does not reach the public through: the
# change waits as a pending revision.
REVIEWED_STATES = frozenset({S.PUBLISHED})


class WorkflowError(Exception):
    """A transition the rules refuse; the message is Vietnamese, for staff."""


def may(user, action):
    """Whether `user` holds the permission `action` needs (superusers do)."""
    return user.has_perm(RULES[action].permission)


def check(*, user, action, status, remark=""):
    """Raise WorkflowError unless `user` may apply `action` to an article in
    `status` (with `remark` when the action needs one)."""
    rule = RULES[action]
    if not user.has_perm(rule.permission):
        raise WorkflowError(f"Bạn không có quyền {Action(action).label}.")
    if status not in rule.sources:
        raise WorkflowError(
            f"Không thể {Action(action).label} bài viết đang ở trạng thái “{Status(status).label}”."
        )
    check_remark(action=action, remark=remark)


def check_remark(*, action: Action, remark: str) -> None:
    """Raise WorkflowError when `action` needs a remark and `remark` is blank;
    the admin form shows the same message under its remark field."""
    if RULES[action].needs_remark and not remark.strip():
        raise WorkflowError("Vui lòng ghi ý kiến khi trả lại bài viết.")


def available_actions(user, status):
    """Actions `user` may apply to an article in `status`, in button order."""
    return [
        action
        for action, rule in RULES.items()
        if status in rule.sources
        and user.has_perm(rule.permission)
        and action not in (Action.APPROVE_CHANGE, Action.RETURN_CHANGE)
    ]


def transition_constraint_condition():
    """The (action, from, to) triples the rules allow, as a Q for a
    CheckConstraint on the transition log; a return needs a remark."""
    allowed = Q()
    for action, rule in sorted(RULES.items()):
        allowed |= Q(action=action, from_status__in=sorted(rule.sources), to_status=rule.target)
    remark = Q(action__in=[a for a, r in RULES.items() if not r.needs_remark]) | ~Q(remark="")
    return allowed & remark
