"""The attacker's programs (bench/captcha_attacks.py) against the captcha
image: none reads more than a tenth of SAMPLE captchas. The drawing is the
one the image view serves (ratings.captcha_drawing.draw)."""

import shutil

import numpy as np
import pytest

from bench import captcha_attacks
from tests.ratings.factories import captcha_answer

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SAMPLE = 200
AT_MOST = SAMPLE // 10
# Mean grey-level difference (0-1) under which a redrawing is the served
# picture: the old drawing, seeded with the key, redrew it exactly (0).
SAME_PICTURE = 0.02


def test_redrawing_served_captchas_from_their_public_keys_matches_none_of_them(browser_client):
    matches = 0
    for _ in range(SAMPLE):
        body = browser_client.get("/api/ratings/captcha/").json()
        served = browser_client.get(body["image_url"]).content
        # The attacker's best case: the right answer, drawn from the public key.
        redrawn = captcha_attacks.redraw_from_key(captcha_answer(body["key"]), body["key"])
        difference = np.abs(captcha_attacks.grey(served) - captcha_attacks.grey(redrawn)).mean()
        matches += difference < SAME_PICTURE

    assert matches == 0


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="make install-test-tools installs it")
def test_tesseract_reads_at_most_a_tenth_of_the_captchas():
    captchas = captcha_attacks.labelled(SAMPLE, scale=2)

    assert captcha_attacks.solved(captcha_attacks.tesseract, captchas) <= AT_MOST


# The clean-up's threshold: the usual mid-grey, one picked per image (an
# attacker who saw that some letters are paler), and every grey between
# mid-grey and light grey (one who tunes it to this drawing, up to taking
# all but the paper for ink).
@pytest.mark.parametrize(
    "threshold",
    [captcha_attacks.MID_GREY, "otsu", 0.6, 0.7, captcha_attacks.LIGHT_GREY],
    ids=["mid-grey", "otsu", "grey-0.6", "grey-0.7", "light-grey"],
)
def test_cleaning_cutting_and_matching_letter_templates_reads_at_most_a_tenth_of_the_captchas(
    threshold,
):
    solver = captcha_attacks.TemplateSolver(captcha_attacks.labelled(300), threshold)

    assert captcha_attacks.solved(solver.solve, captcha_attacks.labelled(SAMPLE)) <= AT_MOST
