from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords

from .images import make_renditions, validate_lead_image
from .querysets import ArticleQuerySet
from .reads import ReadCount  # noqa: F401  (a model of this app)
from .sanitize import sanitize_body
from .text import vietnamese_slugify
from .workflow import Status

BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Image": True,
    "Figure": True,
    "Caption": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}


def unique_slug(model, base, exclude_pk=None):
    """`base`, or `base-2`, `base-3`... whichever no other row uses."""
    base = base or "bai-viet"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: 200 - len(suffix)] + suffix
        n += 1
    return slug


class RevisionReview(models.Model):
    """What became of a revision (django-simple-history row of an article)."""

    class Review(models.TextChoices):
        SAVED = "", _("đã lưu")
        PENDING = "pending", _("chờ duyệt")
        RETURNED = "returned", _("trả lại")
        APPROVED = "approved", _("đã duyệt")

    review = models.CharField(
        _("duyệt"), max_length=16, choices=Review.choices, default="", blank=True
    )

    class Meta:
        abstract = True


# Every save of an article keeps a revision (django-simple-history); a pending
# revision is one stored without changing the article (articles/revisions.py).
ARTICLE_HISTORY = HistoricalRecords(
    verbose_name=_("phiên bản bài viết"),
    verbose_name_plural=_("phiên bản bài viết"),
    bases=[RevisionReview],
    excluded_fields=["has_pending_revision", "creation_token", "image_thumb", "image_large"],
    cascade_delete_history=True,
)


class NamedWithSlug(models.Model):
    """A name and the URL slug made from it (categories, topics)."""

    slug = models.SlugField(
        _("đường dẫn"),
        max_length=140,
        unique=True,
        blank=True,
        help_text=_("Để trống để tạo tự động từ tên."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), vietnamese_slugify(self.name, 140), self.pk)
        super().save(*args, **kwargs)


class Category(NamedWithSlug):
    name = models.CharField(_("tên chuyên mục"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    def get_absolute_url(self):
        return reverse("articles:category", args=[self.slug])


class Topic(NamedWithSlug):
    """A topic (chủ đề): a tag across categories, with its own page and feed.
    Editors pick topics on the article form with the admin's autocomplete."""

    name = models.CharField(_("tên chủ đề"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])


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
    body = ProseEditorField(_("nội dung"), extensions=BODY_EDITOR_EXTENSIONS, sanitize=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("chuyên mục")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="articles", verbose_name=_("chủ đề")
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("thời gian xuất bản"),
        default=timezone.now,
        help_text=_("Đặt thời gian trong tương lai để hẹn giờ xuất bản."),
    )
    is_featured = models.BooleanField(_("tin nổi bật"), default=False)
    lead_image = models.ImageField(
        _("ảnh đại diện"),
        upload_to="articles/%Y/%m/",
        blank=True,
        validators=[validate_lead_image],
    )
    lead_image_caption = models.CharField(_("chú thích ảnh"), max_length=300, blank=True)
    image_thumb = models.ImageField(upload_to="renditions/%Y/%m/", blank=True, editable=False)
    image_large = models.ImageField(upload_to="renditions/%Y/%m/", blank=True, editable=False)
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
    # row keeps the approved text the public reads (articles/revisions.py).
    has_pending_revision = models.BooleanField(
        _("có thay đổi chờ duyệt"), default=False, db_default=False, editable=False
    )
    # The admin's "add" form carries a one-time token: sent twice, it finds
    # the article it already made instead of making a second one.
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    history = ARTICLE_HISTORY

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        permissions = [("publish_article", _("Duyệt, xuất bản và gỡ bài viết"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="article_status_valid"
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
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, vietnamese_slugify(self.title), self.pk)
        self.body = sanitize_body(self.body)
        self._refresh_renditions()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def was_revised(self):
        """Whether the page should show "Cập nhật": saved again more than a
        minute after it was published (or, for a back-dated article, created)."""
        since = max(self.published_at, self.created_at)
        return (self.updated_at - since).total_seconds() > 60

    def _refresh_renditions(self):
        if not self.lead_image:
            self.image_thumb = self.image_large = ""
            return
        if getattr(self.lead_image, "_committed", True) and self.image_large:
            return  # unchanged image: its renditions are already made
        for name, content in make_renditions(self.lead_image).items():
            getattr(self, f"image_{name}").save(content.name, content, save=False)

    def structured_data(self, request):
        """schema.org NewsArticle for the article page (no AggregateRating:
        search engines do not accept review stars on news articles)."""
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.summary,
            "datePublished": self.published_at.isoformat(),
            "dateModified": self.updated_at.isoformat() if self.updated_at else None,
            "mainEntityOfPage": request.build_absolute_uri(self.get_absolute_url()),
            "articleSection": self.category.name,
            "inLanguage": "vi",
            "publisher": {"@type": "GovernmentOrganization", "name": settings.SITE_NAME},
        }
        if self.image_large:
            data["image"] = [request.build_absolute_uri(self.image_large.url)]
        if self.source:
            data["author"] = {"@type": "Organization", "name": self.source}
        return data


from .transition_log import Transition  # noqa: E402  (a model of this app)

__all__ = ["Article", "Category", "Transition"]
