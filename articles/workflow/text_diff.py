"""Two texts compared for staff, in time near-linear in their length and
bounded whatever they hold.

A word-by-word match of two whole articles costs difflib time that grows
with the cube of their length (every common word is tried against every
position), so the texts are compared level by level instead: paragraphs
first, then the sentences of the paragraphs that differ, then the words of
the sentences that differ. The expensive word match only sees the few
sentences an edit touched.

Every match is charged, before difflib does it, for the work it will do
(`_Matcher`), against one budget per comparison (`WORK_BUDGET`). A match the
budget cannot pay for is not made: that part is shown whole, the old text
deleted and the new one inserted, a block-level diff instead of a word-level
one. So the work of one comparison has a ceiling by construction.
"""

import difflib
import re
from collections import Counter

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Where each level cuts a text. Every unit keeps the spacing after it, so
# the units joined give the text back; they are matched without it.
LEVELS = (
    # paragraphs: one a line
    re.compile(r"[^\n]*\n+|[^\n]+"),
    # sentences: ended by . ! ? or … (and closing quotes) before a space; one
    # mark at a time, so a run of dots costs no backtracking
    re.compile(r"[^\n]*?[.!?…][\"'”’»)]*(?:\s+|$)|[^\n]*\n+|[^\n]+"),
    # words
    re.compile(r"\S+\s*|\s+"),
)
# Steps of difflib's inner loop one comparison may take (a few tenths of a
# second of one core at most). Ordinary edits of a 5,000-word article take a
# small fraction of it; texts that would take more (a word repeated thousands
# of times, a long passage without a full stop rewritten) are shown block by
# block.
WORK_BUDGET = 1_000_000
# Below this share of words in common (difflib's ratio), two passages are a
# rewrite, not an edit: the words they happen to share ("của", "và") would
# cut the old and the new text into confetti, so each is shown whole.
MIN_WORD_RATIO = 0.4


class _OverBudget(Exception):
    pass


class _Budget:
    def __init__(self, steps):
        self.left = steps

    def spend(self, steps):
        """Take `steps` from the budget, or raise _OverBudget and take none
        (a smaller match later may still be paid for)."""
        if steps > self.left:
            raise _OverBudget
        self.left -= steps


class _Matcher(difflib.SequenceMatcher):
    """A SequenceMatcher that pays for each longest-match search first.

    The search walks, for every element of a[alo:ahi], its positions in b:
    the sum of how often each occurs in b bounds its cost, and is counted
    here in one pass over a[alo:ahi].
    """

    def __init__(self, a, b, budget):
        self.budget = budget
        self._keys_a = a
        self._counts_b = Counter(b)
        super().__init__(None, a, b, autojunk=False)

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self._keys_a) if ahi is None else ahi
        self.budget.spend(sum(self._counts_b[x] + 1 for x in self._keys_a[alo:ahi]))
        return super().find_longest_match(alo, ahi, blo, bhi)


def _segments(old, new, level, budget, out):
    """Append (same, old_part, new_part) to `out`, covering both texts in order."""
    units_a, units_b = LEVELS[level].findall(old), LEVELS[level].findall(new)
    keys_a, keys_b = [u.strip() for u in units_a], [u.strip() for u in units_b]
    try:
        opcodes = _opcodes(keys_a, keys_b, budget)
    except _OverBudget:
        out.append((False, old, new))
        return
    if level == len(LEVELS) - 1 and _ratio(opcodes, len(keys_a) + len(keys_b)) < MIN_WORD_RATIO:
        out.append((False, old, new))
        return
    for op, a1, a2, b1, b2 in opcodes:
        before, after = "".join(units_a[a1:a2]), "".join(units_b[b1:b2])
        if op == "replace" and level + 1 < len(LEVELS):
            _segments(before, after, level + 1, budget, out)
        else:
            out.append((op == "equal", before, after))


def _opcodes(keys_a, keys_b, budget):
    """difflib's opcodes for the two key lists. The common head and tail are
    set aside first, in one linear pass: most edits leave them, and a long
    unchanged run costs difflib the most."""
    start, end_a, end_b = 0, len(keys_a), len(keys_b)
    shorter = min(end_a, end_b)
    while start < shorter and keys_a[start] == keys_b[start]:
        start += 1
    while end_a > start and end_b > start and keys_a[end_a - 1] == keys_b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    middle = _Matcher(keys_a[start:end_a], keys_b[start:end_b], budget).get_opcodes()
    return [
        ("equal", 0, start, 0, start),
        *((op, a1 + start, a2 + start, b1 + start, b2 + start) for op, a1, a2, b1, b2 in middle),
        ("equal", end_a, len(keys_a), end_b, len(keys_b)),
    ]


def _ratio(opcodes, total):
    same = sum(a2 - a1 for op, a1, a2, _, _ in opcodes if op == "equal")
    return 2 * same / total if total else 1.0


def _marked(tag, text):
    """`text` escaped, its words (not the spacing around them) in <tag>."""
    rest = text.lstrip()
    core = rest.rstrip()
    lead, trail = text[: len(text) - len(rest)], rest[len(core) :]
    inner = f"<{tag}>{escape(core)}</{tag}>" if core else ""
    return f"{escape(lead)}{inner}{escape(trail)}"


def word_diff(old: str, new: str, *, budget: int = WORK_BUDGET) -> tuple[SafeString, SafeString]:
    """(left_html, right_html): `old` with deleted words in <del>, `new` with
    inserted words in <ins>; both escaped, line breaks as <br>.

    `budget`: difflib steps the comparison may take (see WORK_BUDGET); past
    it, the parts still differing are marked whole.
    """
    out: list[tuple[bool, str, str]] = []
    if old == new:
        out.append((True, old, new))
    else:
        _segments(old, new, 0, _Budget(budget), out)
    left = "".join(escape(a) if same else _marked("del", a) for same, a, _ in out)
    right = "".join(escape(b) if same else _marked("ins", b) for same, _, b in out)
    return (
        mark_safe(left.replace("\n", "<br>")),  # noqa: S308 (parts escaped above)
        mark_safe(right.replace("\n", "<br>")),  # noqa: S308
    )
