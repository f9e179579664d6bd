"""Ways to draw the captcha, one chosen by RATINGS_CAPTCHA_DRAWING.

A style names the letters a challenge is made of (each drawn unlike the
others, and each spoken by ratings/speech.py) and the drawing's knobs
(ratings/captcha_drawing.py). The attacker's solvers (bench/captcha_attacks.py)
gate every style; people must still read it at 1x.

- "crossed": letters crossed by strokes as thick as their own, some drawn
  as thin outlines on the paper.
- "tinted": fewer letters, each unlike the others; no stroke crosses them;
  some are filled with a light tint inside a thin dark outline (a person
  sees a paler letter; the usual clean-up, a threshold at mid-grey and an
  opening, keeps neither fill nor outline, so the letter and the place of
  the cuts between letters are lost to it).
- "tinted-large": "tinted" on a larger picture with larger letters.
- "tinted-dense": "tinted" with letters packed closer and more of them tinted.
"""

from dataclasses import dataclass, replace

from django.conf import settings


@dataclass(frozen=True)
class Style:
    letters: str
    size: tuple[int, int] = (160, 50)  # at 1x
    letter_height: tuple[float, float] = (0.54, 0.64)  # of the picture's height
    advance: tuple[float, float] = (0.84, 0.95)  # of a letter's width
    hollow: float = 0.3  # the share of letters drawn as outlines
    outline: int = 7  # at 2x: MinFilter size, twice the outline's width plus one
    fill: tuple[int, int] = (0, 0)  # ink level (0-255) inside an outline
    thick_strokes: tuple[int, ...] = (4, 3)  # widths at 2x of strokes crossing the letters
    cuts: int = 2  # thin strokes in the paper's colour through the letters
    thin_lines: int = 0  # hair lines (1 px at 1x) across the picture
    dashes: tuple[int, int] = (6, 10)  # how many short dashes around the letters
    patches: tuple[int, int] = (0, 0)  # how many pale blotches behind the letters
    patch_level: tuple[int, int] = (40, 70)  # their ink level (0-255)


# Letters of the Vietnamese alphabet (no F, J, W, Z), minus those easily
# mistaken for others in a distorted image and those whose spoken names sound
# alike (see ratings/captcha.py and ratings/speech.py).
CROSSED = Style(letters="ABCEHMNQRSTUXY")
# Of each group readers mixed up (N and A; H, U and M; X and Y; C, E and Q)
# one or two are kept whose shapes differ most.
TINTED = Style(
    letters="ABEHMRSTX",
    hollow=0.5,
    outline=5,
    fill=(80, 105),
    thick_strokes=(),
    cuts=0,
    dashes=(4, 7),
)
STYLES = {
    "crossed": CROSSED,
    "tinted": TINTED,
    "tinted-patched": replace(TINTED, patches=(3, 5)),
    "tinted-large": replace(TINTED, size=(200, 60)),
    "tinted-lined": replace(TINTED, hollow=0.4, thin_lines=2, dashes=(6, 10)),
}


def current():
    return STYLES[settings.RATINGS_CAPTCHA_DRAWING]
