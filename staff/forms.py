"""The admin's sign-in form with the captcha it asks for after too many
failures, and the second factor's code form."""

from captcha.models import CaptchaStore
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from . import texts, throttle


class CaptchaMixin:
    """A captcha (`captcha_0`, its key, and `captcha_1`, its answer) asked for
    while `throttle.needs_captcha(request, username, kind=captcha_kind)` says
    so, checked before anything else: a missing or wrong captcha refuses the
    attempt before the password or code is checked, so those guesses neither
    count nor cost a check. Needs `request` and `captcha_username()`."""

    captcha_kind = "signin"

    def captcha_required(self) -> bool:
        return self.request is not None and throttle.needs_captcha(
            self.request, self.captcha_username(), kind=self.captcha_kind
        )

    def check_captcha(self):
        key = str(self.data.get("captcha_0", ""))[:40]
        answer = str(self.data.get("captcha_1", ""))[:32].strip().lower()
        stored = CaptchaStore.objects.filter(hashkey=key).first() if key else None
        if stored is not None:
            stored.delete()  # one attempt per captcha
        if not answer:
            raise forms.ValidationError(texts.CAPTCHA_WHY, code="captcha")
        if stored is None or stored.expiration <= timezone.now():
            raise forms.ValidationError(texts.CAPTCHA_EXPIRED, code="captcha")
        if not constant_time_compare(stored.response, answer):
            raise forms.ValidationError(texts.CAPTCHA_WRONG, code="captcha")

    def clean(self):
        if self.captcha_required():
            self.check_captcha()
        return super().clean()

    def captcha_key(self):
        """A fresh captcha's key when the next attempt needs one, else None
        (read by the template, after this attempt was counted)."""
        if getattr(self, "_captcha_key", None) is None and self.captcha_required():
            self._captcha_key = CaptchaStore.generate_key()
        return getattr(self, "_captcha_key", None)


class StaffAuthenticationForm(CaptchaMixin, AdminAuthenticationForm):
    """Username and password, plus the captcha after too many failures."""

    def captcha_username(self):
        return str(self.data.get("username", ""))


class CodeForm(CaptchaMixin, forms.Form):
    """A code from the authenticator app (six digits) or a recovery code, for
    `user`; with `request`, the captcha after too many wrong codes."""

    captcha_kind = "code"
    code = forms.CharField(
        label=texts.CODE_LABEL,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, data=None, *, request=None):
        super().__init__(data)
        self.request = request

    def captcha_username(self):
        return self.request.user.get_username()

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()
