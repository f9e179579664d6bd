"""The admin's article form: the model's fields plus the desk's own."""

import uuid
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.html import format_html

from ..models import Article, Category, Topic
from ..text import clean_line, clean_text
from ..text.sanitize import has_pasted_images
from ..workflow.publication import publication_hint
from ..workflow.rules import Action, Status, WorkflowError, check_remark
from ..workflow.whole import proposed_topic_ids
from .versions import VersionedFormMixin

# Publication times an editor can mean. Outside them is a typo ("01/01/0001",
# "31/12/9999"), and the year 1 in the portal's time zone is before the year 1
# in UTC, which PostgreSQL stores but the driver cannot read back (a 500).
FIRST_PUBLICATION_YEAR, LAST_PUBLICATION_YEAR = 1900, 2100

# The submit buttons of the change form, by the transition they ask for.
BUTTONS = {f"_{action.value}": action for action in Action}


def requested_action(data):
    """The workflow action a submit button asked for, or None."""
    return next((action for name, action in BUTTONS.items() if name in data), None)


class AnyFileNameMixin:
    """Uploads are stored under random names (images.ingest), so the name a
    phone or a Mac gives a photo (long, Vietnamese, decomposed: more code
    points than letters) is never kept and its length is no reason to
    refuse the image."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.FileField):
                field.max_length = None


class CleanTextFormMixin:
    """Every text field's submitted value in its stored form (text.clean_text:
    NFC, no invisible characters, trimmed) before the fields validate it, so a
    title typed in decomposed Unicode (macOS, some input methods) counts its
    letters, not its code points, against max_length, and one made only of
    spaces is an empty title. The browser's maxlength is dropped: it counts
    code points, and cuts a decomposed paste short without a word."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = [name for name, field in self.fields.items() if isinstance(field, forms.CharField)]
        for name in names:
            self.fields[name].widget.attrs.pop("maxlength", None)
        if not self.is_bound:
            return
        data = self.data.copy()
        for name in names:
            key = self.add_prefix(name)
            if isinstance(data.get(key), str):
                data[key] = clean_text(data[key])
        self.data = data


class CategoryAdminForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "slug", "order", "description"]


class TopicAdminForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "slug"]


class ArticleAdminForm(AnyFileNameMixin, VersionedFormMixin, CleanTextFormMixin, forms.ModelForm):
    remark = forms.CharField(
        label="Ý kiến",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Bắt buộc khi trả lại; gửi kèm khi gửi duyệt.",
    )
    # One token per opened "add" form: a second submission of the same form
    # finds the article the first one made (ArticleAdmin.add_view).
    form_token = forms.CharField(label="Mã biểu mẫu", required=False, widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "category",
            "summary",
            "body",
            "lead_image",
            "lead_image_caption",
            "published_at",
            "is_featured",
            "source",
        ]
        widgets = {
            # A headline wraps instead of scrolling sideways, so a phone shows
            # all of it (static/css/admin-desk.css sizes the box to its text);
            # it stays one line: clean_title and static/js/desk-title.js.
            "title": forms.Textarea(attrs={"rows": 2, "class": "vTextField desk-title-box"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["form_token"].initial = uuid.uuid4()
        proposed = proposed_topic_ids(self.instance)
        if proposed is not None and "topics" in self.fields:
            # The topics of the pending revision laid over the article.
            self.initial["topics"] = proposed
        published_at = self.fields.get("published_at")
        if published_at is not None and self.instance.status != Status.PUBLISHED:
            # What a publish will do, from the stored time (not this request's
            # input), said before anyone presses the button.
            published_at.help_text = format_html(
                '{}<br><span class="desk-publication-hint">{}</span>',
                published_at.help_text,
                publication_hint(typed=self.instance.published_at),
            )

    def clean_form_token(self):
        """The token as a UUID; a missing or forged one is simply no token."""
        try:
            return uuid.UUID(self.cleaned_data["form_token"])
        except ValueError:
            return None

    def clean_title(self):
        """The headline on one line: a line break typed or pasted into its
        wrapping box is a space."""
        return clean_line(self.cleaned_data.get("title"))

    def clean_body(self):
        """The body; refused while it holds pictures pasted from Word or the
        desktop, which would vanish on save (sanitize.has_pasted_images)."""
        if has_pasted_images(self.data.get(self.add_prefix("body"))):
            raise forms.ValidationError(
                "Nội dung có ảnh dán trực tiếp (từ Word hoặc máy tính) nên không hiển thị được "
                "cho bạn đọc. Vui lòng xoá ảnh đó và chèn lại bằng nút “Chèn ảnh”.",
                code="pasted_image",
            )
        return self.cleaned_data.get("body")

    def clean_published_at(self):
        """The publication time, refused outside FIRST/LAST_PUBLICATION_YEAR,
        and refused empty once the article is published (readers see it)."""
        value = self.cleaned_data.get("published_at")
        if value is None:
            if self.instance.status == Status.PUBLISHED:
                raise forms.ValidationError(
                    "Bài viết đã xuất bản cần có thời gian xuất bản.", code="required"
                )
            return value
        first = timezone.make_aware(datetime(FIRST_PUBLICATION_YEAR, 1, 1))
        last = timezone.make_aware(datetime(LAST_PUBLICATION_YEAR, 12, 31, 23, 59))
        if not first <= value <= last:
            raise forms.ValidationError(
                "Năm xuất bản phải từ %(first)s đến %(last)s.",
                code="out_of_range",
                params={"first": FIRST_PUBLICATION_YEAR, "last": LAST_PUBLICATION_YEAR},
            )
        return value

    def clean(self):
        cleaned = super().clean()
        action = requested_action(self.data)
        if action:
            try:
                check_remark(action=action, remark=cleaned.get("remark", ""))
            except WorkflowError as refusal:
                self.add_error("remark", str(refusal))
        return cleaned
