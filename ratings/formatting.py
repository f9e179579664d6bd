"""Numbers of ratings as Vietnamese readers write them."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

from . import texts


def format_average(average):
    """4.25 -> "4,3": one decimal, rounded half up, Vietnamese decimal comma."""
    if average is None:
        return ""
    rounded = Decimal(str(average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded}".replace(".", ",")


def format_count(count):
    """1234 -> "1.234" (Vietnamese thousands separator)."""
    return number_format(count, decimal_pos=0, use_l10n=True, force_grouping=True)


def summary_label(average, count):
    """The sentence the widget shows: "Điểm trung bình 4,3 (12 lượt đánh giá)"."""
    if not count:
        return "Chưa có lượt đánh giá nào"
    return f"Điểm trung bình {format_average(average)} ({format_count(count)} lượt đánh giá)"


def own_vote_sentence(score, state):
    """What the reader is told of their own vote (texts.YOUR_SCORE and kin):
    its score, or that it waits for a moderator, or (hidden by one) that it
    was not counted, without its score; "" without a vote. `state`: a
    Vote.State value ("visible", "held", "hidden")."""
    if score is None:
        return ""
    if state == "hidden":
        return texts.YOUR_VOTE_HIDDEN
    template = texts.YOUR_SCORE_HELD if state == "held" else texts.YOUR_SCORE
    return template.replace("{n}", str(score))
