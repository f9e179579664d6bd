"""A vote's fields: a score and a captcha, for the JSON API and the plain HTML
rating page alike. Any input, of any type, ends in a score or a Vietnamese
error on its field; nothing here raises."""

import re

from . import captcha, texts
from .models import SCORES

SCORE_RE = re.compile(r"^\s*([1-5])\s*$")


def parse_score(value: object) -> int | None:
    """A score from any input: 1 to 5 as an int, or the string of one
    (spaces allowed); None for anything else (0, 6, 3.5, "4.0", True, a list,
    "abc"). The one parser of scores: check_vote() and the rating page's
    preselected star both use it."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value in SCORES else None
    if isinstance(value, str):
        match = SCORE_RE.match(value)
        return int(match.group(1)) if match else None
    return None


def check_vote(data: dict) -> tuple[int | None, dict[str, list[str]]]:
    """Check a vote's fields (`score`; `captcha_0`, the captcha's key, and
    `captcha_1`, its answer), for the JSON API and the rating page alike:
    returns (the score, {}) or (score or None, {"score" and/or "captcha":
    [Vietnamese message]}). The captcha is checked and used up whatever the
    score (ratings.captcha.verify: one attempt per captcha, "expired or used"
    told apart from "wrong"). Any input, of any type, ends in a score or a
    message; nothing here raises.

    A plain function, not a django.forms.Form: building a form deep-copies
    its fields and their widgets on every vote, for nothing, since no form is
    ever rendered (the templates draw the inputs from a captcha the view or
    the API issued)."""
    errors = {}
    score = parse_score(data.get("score"))
    if score is None:
        errors["score"] = [texts.CHOOSE_SCORE]
    try:
        captcha.verify(data.get("captcha_0"), data.get("captcha_1"))
    except captcha.CaptchaError as exc:
        errors["captcha"] = [exc.message]
    return score, errors


def payload_from_post(querydict):
    """A QueryDict as plain data: one value per key, or the list when a key
    came more than once (which the fields then refuse)."""
    data = {}
    for key in querydict:
        values = querydict.getlist(key)
        data[key] = values[0] if len(values) == 1 else values
    return data
