"""The article and its revisions' review state. The app's other models live
next to the code that uses them (taxonomy, body_images, workflow/transitions)
and are gathered here, where Django looks for them."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords

from images.ingest import validate_image
from images.storage import media_url, private_storage

from .body_images import BodyImage
from .pages import Page  # a model of this app, kept apart
from .querysets import ArticleQuerySet
from .revision_action import RevisionAction
from .slug_history import OldSlug  # a model of this app, kept apart
from .taxonomy import Category, Topic  # models of this app, kept apart
from .text import clean_fields_text
from .text.editor import BODY_EDITOR_EXTENSIONS
from .text.sanitize import sanitize_body
from .text.slugs import fill_missing_slug
from .visibility import PUBLIC, SCHEDULED, shown_status
from .workflow.rules import Status
from .workflow.transitions import Transition  # a model of this app, kept apart


class RevisionReview(RevisionAction):
    """What became of a revision (django-simple-history row of an article)."""

    class Review(models.TextChoices):
        SAVED = "", _("đã lưu")
        PENDING = "pending", _("chờ duyệt")
        RETURNED = "returned", _("trả lại")
        APPROVED = "approved", _("đã duyệt")

    review = models.CharField(
        _("duyệt"), max_length=16, choices=Review.choices, default="", blank=True
    )
    # The topics of this version (their ids; a many-to-many field cannot be
    # copied onto a history row). None: recorded before topics were kept.
    topic_ids = models.JSONField(_("chủ đề"), null=True, blank=True)

    class Meta:
        abstract = True


# Every save of an article keeps a revision (django-simple-history); a pending
# revision is one stored without changing the article (articles/workflow/revisions.py).
ARTICLE_HISTORY = HistoricalRecords(
    verbose_name=_("phiên bản bài viết"),
    verbose_name_plural=_("phiên bản bài viết"),
    bases=[RevisionReview],
    excluded_fields=[
        "search_codes",  # derived from the text each revision holds
        "has_pending_revision",
        "creation_token",
    ],
    cascade_delete_history=True,
)


class Article(models.Model):
    Status = Status

    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Để trống để tạo tự động từ tiêu đề. Không đổi được sau khi bài đã xuất bản."),
    )
    summary = models.TextField(_("tóm tắt (sapo)"), max_length=1000)
    body = ProseEditorField(
        _("nội dung"), extensions=BODY_EDITOR_EXTENSIONS, sanitize=sanitize_body
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("chuyên mục")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="articles", verbose_name=_("chủ đề")
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Empty until someone types a time or the article is published: a publish
    # keeps a typed time and sets now only when none was typed
    # (articles/workflow/publication.py).
    published_at = models.DateTimeField(
        _("thời gian xuất bản"),
        null=True,
        blank=True,
        help_text=_(
            "Để trống để xuất bản ngay khi duyệt. Thời gian đã qua được giữ nguyên như đã "
            "nhập; thời gian trong tương lai sẽ hẹn giờ xuất bản."
        ),
    )
    is_featured = models.BooleanField(_("tin nổi bật"), default=False)
    # Document numbers and codes of the text, folded, space-separated: what
    # the search finds "15/2020/NĐ-CP" or "COVID-19" by (text/codes.py).
    # Derived from the text by the writing services, never typed.
    search_codes = models.TextField(
        _("mã văn bản"), blank=True, default="", db_default="", editable=False
    )
    lead_image = models.ImageField(
        _("ảnh đại diện"),
        upload_to="articles/%Y/%m/",
        # The clean original stays private; readers see its renditions.
        storage=private_storage,
        blank=True,
        validators=[validate_image],
        help_text=_(
            "JPEG, PNG, WebP, GIF, TIFF, HEIC/HEIF (ảnh iPhone) hoặc AVIF. Thông tin máy ảnh "
            "và vị trí GPS được xoá khi lưu."
        ),
    )
    lead_image_caption = models.CharField(_("chú thích ảnh"), max_length=300, blank=True)
    image_thumb = models.ImageField(upload_to="renditions/%Y/%m/", blank=True, editable=False)
    image_large = models.ImageField(upload_to="renditions/%Y/%m/", blank=True, editable=False)
    # WebP and JPEG renditions at several widths, for srcset (see images/renditions.py);
    # image_thumb and image_large hold the largest JPEG of each.
    image_renditions = models.JSONField(null=True, blank=True, editable=False)
    source = models.CharField(_("nguồn / tác giả"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(_("thời gian tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)
    # An editor's change to a published article waits for an approver; the
    # row keeps the approved text the public reads (articles/workflow/revisions.py).
    has_pending_revision = models.BooleanField(
        _("có thay đổi chờ duyệt"), default=False, db_default=False, editable=False
    )
    # The admin's "add" form carries a one-time token: sent twice, it finds
    # the article it already made instead of making a second one.
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # One more on every change staff make; a change from an older one is refused.
    version = models.PositiveIntegerField(
        _("số phiên bản"), default=1, db_default=1, editable=False
    )

    objects = ArticleQuerySet.as_manager()
    history = ARTICLE_HISTORY
    # Who saves it, for the revision (django-simple-history reads it at save()).
    _history_user: "AbstractBaseUser | None"
    # What the next revision records beyond the row (articles/workflow/whole.py):
    # the topics the save proposes, and the workflow action with its remark.
    _revision_topic_ids: list[int]
    _revision_action: tuple[str, str]

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        permissions = [("publish_article", _("Duyệt, xuất bản và gỡ bài viết"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="article_status_valid"
            ),
            # What readers see always has a date: publishing sets one.
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]
        indexes = [
            # Partial indexes matching published(): every public list reads
            # published rows newest first.
            models.Index(
                fields=["-published_at"],
                condition=Q(status="published"),
                name="article_published_idx",
            ),
            models.Index(
                fields=["category", "-published_at"],
                condition=Q(status="published"),
                name="article_category_pub_idx",
            ),
            models.Index(
                fields=["-published_at"],
                condition=Q(status="published", is_featured=True),
                name="article_featured_idx",
            ),
            # The desk's list: every article, last changed first.
            models.Index(fields=["-updated_at", "-id"], name="article_updated_idx"),
            # The approvers' queue (awaiting_review): the few articles waiting,
            # not a scan of the archive for them.
            models.Index(
                fields=["-updated_at", "-id"],
                condition=Q(status="submitted") | Q(has_pending_revision=True),
                name="article_review_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.lead_image and not getattr(self.lead_image, "_committed", True):
            # A file must never be stored as the camera wrote it (location,
            # device): uploads go through articles.uploads.prepare_lead_image.
            raise ValueError("lead image not prepared: call uploads.prepare_lead_image first")
        fill_missing_slug(self, self.title)  # the services also clean and retry
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    def clean(self):
        self.clean_text_fields()
        if not self.title:
            raise ValidationError({"title": "Tiêu đề không được để trống."})

    @property
    def is_public(self):
        """Whether readers see it now: the rule of `published()` (visibility.PUBLIC)."""
        return PUBLIC.holds(self)

    @property
    def is_scheduled(self):
        """Approved and waiting for its time: the rule of `scheduled()`
        (visibility.SCHEDULED)."""
        return SCHEDULED.holds(self)

    @property
    def shown_status(self):
        """(key, label) of the desk's status badge, scheduled apart from public."""
        return shown_status(self)

    @property
    def was_revised(self):
        """Whether the page should show "Cập nhật": saved again more than a
        minute after it was published (or, for a back-dated article, created)."""
        if self.published_at is None:
            return False
        since = max(self.published_at, self.created_at)
        return (self.updated_at - since).total_seconds() > 60

    def clean_text_fields(self):
        """Normalise the text fields in place (text/normalize.py): the form's
        clean() and writing.prepare_article."""
        clean_fields_text(
            self, lines=["title", "lead_image_caption", "source"], texts=["summary", "body"]
        )

    def structured_data(self, request):
        """schema.org NewsArticle for the article page (no AggregateRating:
        search engines do not accept review stars on news articles)."""
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.summary,
            "datePublished": self.published_at.isoformat() if self.published_at else None,
            "dateModified": self.updated_at.isoformat() if self.updated_at else None,
            "mainEntityOfPage": request.build_absolute_uri(self.get_absolute_url()),
            "articleSection": self.category.name,
            "inLanguage": "vi",
            "publisher": {"@type": "GovernmentOrganization", "name": settings.SITE_NAME},
        }
        if self.image_large:
            data["image"] = [request.build_absolute_uri(media_url(self.image_large.name))]
        if self.source:
            data["author"] = {"@type": "Organization", "name": self.source}
        return data


__all__ = ["Article", "BodyImage", "Category", "OldSlug", "Page", "Topic", "Transition"]
