"""The version of an article its user saw, carried by the admin
(articles/workflow/versions.py): a hidden field of the change form, and a
hidden input by each row's checkbox in the list, which the list's actions read.

A save from an older version is refused as a form error that names who
changed the article and when, and shows what changed; the form keeps what was
typed, now at the current version, so saving again is a choice made knowingly.
"""

from django import forms
from django.utils.html import format_html

from ..workflow.missed import changes_since
from ..workflow.rules import WorkflowError
from ..workflow.versions import StaleVersion, hold


class Unseen(WorkflowError):
    """A list action pinned to the versions the list showed found no version
    sent for an article (not on the page the user saw)."""


def version_input_name(pk) -> str:
    return f"_version_{pk}"


def seen_versions(request, articles) -> dict:
    """{article pk: the version the list showed it at}, for the articles whose
    row sent one (a whole number); the others are absent."""
    seen = {}
    for article in articles:
        value = request.POST.get(version_input_name(article.pk), "")
        if value.isdigit():
            seen[article.pk] = int(value)
    return seen


class VersionedListMixin:
    """Each row of the list carries its article's version by its checkbox."""

    def action_checkbox(self, obj):
        return format_html(
            '{}<input type="hidden" name="{}" value="{}">',
            super().action_checkbox(obj),
            version_input_name(obj.pk),
            obj.version,
        )


class VersionedFormMixin(forms.Form):
    """The change form's hidden `seen_version`, the article's version when the
    form was opened, checked when the form is cleaned."""

    # Not `version`: a model field that is not editable cannot be a form's.
    seen_version = forms.IntegerField(
        label="Phiên bản đã mở", required=False, min_value=0, widget=forms.HiddenInput
    )
    # What the user missed when their version was stale: rows (label, left,
    # right) for the template, [] otherwise.
    missed: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self._check_version(cleaned.get("seen_version"))
        return cleaned

    def _check_version(self, seen):
        """Lock the article until the admin's transaction ends (it wraps the
        save) and refuse the form unless the article is still at `seen`."""
        try:
            hold(article=self.instance, seen=seen)
        except StaleVersion as stale:
            self.missed = changes_since(article=self.instance, version=seen or 0)
            changed = ", ".join(str(label) for label, _left, _right in self.missed)
            message = str(stale) + " Thay đổi của bạn chưa được lưu; nội dung bạn nhập vẫn ở dưới."
            if changed:
                message += f" Các mục đã thay đổi: {changed}."
            message += " Xem lại, rồi nhấn lưu lần nữa nếu vẫn muốn ghi đè bằng nội dung của bạn."
            self.add_error(None, forms.ValidationError(message, code="stale_version"))
            # Saving again (after reading what changed) is from the current version.
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_version")] = stale.current
