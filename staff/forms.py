"""The admin's sign-in form with the captcha it asks for after too many
failures, and the second factor's code form."""

from captcha.models import CaptchaStore
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from . import texts, throttle


class StaffAuthenticationForm(AdminAuthenticationForm):
    """Username and password, plus a captcha (`captcha_0`, its key, and
    `captcha_1`, its answer) while `throttle.needs_captcha` says so. A missing
    or wrong captcha refuses the sign-in before the password is checked, so
    those guesses neither count nor cost a password hash."""

    captcha_1 = forms.CharField(label=texts.CAPTCHA_PROMPT, required=False, max_length=32)

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self._captcha_key = None

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if self.request is not None and throttle.needs_captcha(self.request, username):
            self._check_captcha()
        return super().clean()

    def _check_captcha(self):
        key = str(self.data.get("captcha_0", ""))[:40]
        answer = str(self.cleaned_data.get("captcha_1") or "").strip().lower()
        stored = CaptchaStore.objects.filter(hashkey=key).first() if key else None
        if stored is not None:
            stored.delete()  # one attempt per captcha
        if not answer:
            raise forms.ValidationError(texts.CAPTCHA_WHY, code="captcha")
        if stored is None or stored.expiration <= timezone.now():
            raise forms.ValidationError(texts.CAPTCHA_EXPIRED, code="captcha")
        if not constant_time_compare(stored.response, answer):
            raise forms.ValidationError(texts.CAPTCHA_WRONG, code="captcha")

    def captcha_key(self):
        """A fresh captcha's key when the next attempt needs one, else None
        (read by the sign-in template, after this attempt was counted)."""
        if self._captcha_key is None and self.request is not None:
            username = str(self.data.get("username", ""))
            if throttle.needs_captcha(self.request, username):
                self._captcha_key = CaptchaStore.generate_key()
        return self._captcha_key


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits) or a recovery code."""

    code = forms.CharField(
        label=texts.CODE_LABEL,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()
