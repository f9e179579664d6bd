"""The agency's own pages: "Giới thiệu", "Liên hệ" and the English page.
A model of this app, imported by articles/models.py.

Not articles: they belong in no chuyên mục, have no date, and must never
appear in a listing, a feed, the search or "Đọc nhiều". Every one of those
reads `Article.objects.published()`, so a separate model keeps the pages out
of all of them by construction, where an article "kind" would need a filter
in each. The review rule is the articles' one, in its smallest form: the
change form edits a proposal (`proposed_*`), which readers never see; an
approver (`publish_page`) publishes it, copying it over the public text.
Every save keeps a revision (django-simple-history, as the articles do),
with who saved it and the workflow action (gửi duyệt, duyệt và xuất bản),
which the admin lists (articles/workflow/history.py).
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from .revision_action import RevisionAction, record_action
from .text.editor import BODY_EDITOR_EXTENSIONS
from .text.sanitize import sanitize_body
from .workflow.rules import Action

PUBLISH_PAGE_PERMISSION = "articles.publish_page"


class Page(models.Model):
    class Kind(models.TextChoices):
        # The value is the page's address: /gioi-thieu/, /lien-he/, /en/.
        ABOUT = "gioi-thieu", _("Giới thiệu")
        CONTACT = "lien-he", _("Liên hệ")
        ENGLISH = "en", _("Trang tiếng Anh")

    class Language(models.TextChoices):
        VIETNAMESE = "vi", _("tiếng Việt")
        ENGLISH = "en", _("tiếng Anh")

    kind = models.CharField(_("trang"), max_length=16, choices=Kind.choices, unique=True)
    language = models.CharField(
        _("ngôn ngữ"), max_length=2, choices=Language.choices, default=Language.VIETNAMESE
    )
    # What readers see; empty until an approver first publishes.
    title = models.CharField(_("tiêu đề"), max_length=300, blank=True, editable=False)
    body = ProseEditorField(
        _("nội dung"),
        extensions=BODY_EDITOR_EXTENSIONS,
        sanitize=sanitize_body,
        blank=True,
        editable=False,
    )
    published_at = models.DateTimeField(_("xuất bản lúc"), null=True, blank=True, editable=False)
    # What staff edit: the proposal, public only once an approver publishes it.
    proposed_title = models.CharField(_("tiêu đề (đề xuất)"), max_length=300)
    proposed_body = ProseEditorField(
        _("nội dung (đề xuất)"), extensions=BODY_EDITOR_EXTENSIONS, sanitize=sanitize_body
    )
    has_proposal = models.BooleanField(_("có thay đổi chờ duyệt"), default=False, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("người đề xuất"),
    )
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)
    # Each revision holds the texts (proposed and public) and the publication
    # time; who proposed is the revision's author, and the bookkeeping
    # columns follow from its action.
    history = HistoricalRecords(
        verbose_name=_("phiên bản trang giới thiệu"),
        verbose_name_plural=_("phiên bản trang giới thiệu"),
        bases=[RevisionAction],
        excluded_fields=["updated_at", "has_proposal", "proposed_by"],
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("trang giới thiệu")
        verbose_name_plural = _("trang giới thiệu, liên hệ, tiếng Anh")
        permissions = [("publish_page", _("Duyệt và xuất bản trang giới thiệu"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["gioi-thieu", "lien-he", "en"]), name="page_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=["vi", "en"]), name="page_language_valid"
            ),
            # A published page has something to show.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(title=""),
                name="page_published_has_title",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    def get_absolute_url(self):
        return reverse("articles:page", args=[self.kind])

    @property
    def is_public(self):
        return self.published_at is not None


def propose_page(*, page: Page, user, title: str, body: str) -> Page:
    """Store `title` and `body` as `page`'s proposal by `user`; readers still
    see the published text. Returns the saved page."""
    page.proposed_title, page.proposed_body = title, body
    page.has_proposal, page.proposed_by = True, user
    _save_with_action(page, user, Action.SUBMIT)
    return page


class PublishRefused(Exception):
    """The user may not publish pages; the message is Vietnamese, for staff."""


def publish_page(*, page: Page, user) -> Page:
    """Make `page`'s proposal the public text. Raises PublishRefused unless
    `user` holds `publish_page` (approvers). Returns the saved page."""
    if not user.has_perm(PUBLISH_PAGE_PERMISSION):
        raise PublishRefused("Bạn không có quyền duyệt và xuất bản trang.")
    return apply_proposal(page=page, by=user)


def apply_proposal(*, page: Page, by=None) -> Page:
    """Copy `page`'s proposal over its public text, now, as `by` (None: the
    system; no permission check: publish_page's, and the demo seed's).
    Returns the saved page."""
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        page.title, page.body = page.proposed_title, page.proposed_body
        page.has_proposal, page.published_at = False, timezone.now()
        _save_with_action(page, by, Action.PUBLISH)
    return page


def _save_with_action(page, user, action):
    """Save `page` with one revision saying `user` did `action`."""
    page._history_user = user
    page._revision_action = (action.value, "")
    try:
        page.save()
    finally:
        del page._revision_action


pre_create_historical_record.connect(record_action, sender=Page.history.model)


# The columns a page's revision is told apart by in the list: all it copies
# but the key and which page it is.
REVISION_FIELDS = [
    field
    for field in Page.history.model.tracked_fields
    if not field.primary_key and field.name != "kind"
]
