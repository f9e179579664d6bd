"""The vote form: a score and a captcha, for the JSON API and the plain HTML
rating page alike. Any input, of any type, ends in a cleaned score or a
Vietnamese error on its field; nothing here raises."""

import re

from captcha.fields import CaptchaField
from django import forms
from django.core.exceptions import ValidationError

from . import captcha, texts
from .models import SCORES

SCORE_RE = re.compile(r"^\s*([1-5])\s*$")


def parse_score(value: object) -> int | None:
    """A score from any input: 1 to 5 as an int, or the string of one
    (spaces allowed); None for anything else (0, 6, 3.5, "4.0", True, a list,
    "abc"). The one parser of scores: the form field and the rating page's
    preselected star both use it."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value in SCORES else None
    if isinstance(value, str):
        match = SCORE_RE.match(value)
        return int(match.group(1)) if match else None
    return None


class ScoreField(forms.Field):
    """1 to 5 as an int, or the string of one; nothing else (not 3.5, "4.0",
    true, a list)."""

    default_error_messages = {
        "required": texts.CHOOSE_SCORE,
        "invalid": texts.CHOOSE_SCORE,
    }

    def to_python(self, value):
        if value is None or value == "":
            return None
        score = parse_score(value)
        if score is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return score


class RatingCaptchaField(CaptchaField):
    """django-simple-captcha's field (captcha_0: key, captcha_1: answer),
    checked with ratings.captcha.verify(): one attempt per captcha, and
    "expired or used" told apart from "wrong". Templates render the inputs
    themselves (includes/captcha_fields.html, the widget's <template>), from a
    captcha the view or the API issued, so no form rendering makes one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", texts.CAPTCHA_PROMPT)
        super().__init__(**kwargs)

    def __deepcopy__(self, memo):
        # Each form gets a copy of its fields; this one's sub-fields are never
        # used (clean() checks the captcha itself), so they are not copied:
        # MultiValueField's copy of them was ~4 % of a vote's CPU (cProfile).
        return forms.Field.__deepcopy__(self, memo)

    def clean(self, value):
        if isinstance(value, list | tuple) and len(value) == 2:
            key, answer = value
        else:
            key = answer = None
        try:
            captcha.verify(key, answer)
        except captcha.CaptchaError as exc:
            raise ValidationError(exc.message, code=exc.code) from None
        return key


class VoteForm(forms.Form):
    score = ScoreField(label="Đánh giá")
    captcha = RatingCaptchaField()

    def error_dict(self):
        """{"field": ["message", ...]} for the JSON API."""
        return {field: [str(m) for m in errors] for field, errors in self.errors.items()}


def payload_from_post(querydict):
    """A QueryDict as plain data: one value per key, or the list when a key
    came more than once (which the fields then refuse)."""
    data = {}
    for key in querydict:
        values = querydict.getlist(key)
        data[key] = values[0] if len(values) == 1 else values
    return data
