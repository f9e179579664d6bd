"""django-simple-captcha's messages in Vietnamese (the library ships none)."""

import pytest
from django.utils import translation


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Invalid CAPTCHA", "Mã xác nhận không đúng, vui lòng thử lại"),
        ("Play CAPTCHA as audio file", "Nghe mã xác nhận"),
    ],
)
def test_captcha_messages_are_translated_as_in_the_glossary(english, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(english) == vietnamese


def test_the_library_field_says_invalid_captcha_in_vietnamese():
    from captcha.fields import CaptchaField

    with translation.override("vi"):
        assert str(CaptchaField().error_messages["invalid"]) == (
            "Mã xác nhận không đúng, vui lòng thử lại"
        )
