"""The admin's article form: the model's fields plus the desk's own."""

import uuid

from django import forms

from .models import Article
from .workflow import RULES, Action

# The submit buttons of the change form, by the transition they ask for.
BUTTONS = {f"_{action.value}": action for action in Action}


def requested_action(data):
    """The workflow action a submit button asked for, or None."""
    return next((action for name, action in BUTTONS.items() if name in data), None)


class ArticleAdminForm(forms.ModelForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["form_token"].initial = uuid.uuid4()

    def clean_form_token(self):
        """The token as a UUID; a missing or forged one is simply no token."""
        try:
            return uuid.UUID(self.cleaned_data["form_token"])
        except ValueError:
            return None

    def clean(self):
        cleaned = super().clean()
        action = requested_action(self.data)
        if action and RULES[action].needs_remark and not cleaned.get("remark", "").strip():
            self.add_error("remark", "Vui lòng ghi ý kiến khi trả lại bài viết.")
        return cleaned
