"""Comparing two revisions: what staff see on the compare page, and a time
that grows with the length, not its cube, and has a ceiling."""

import re
import time

import pytest
from django.urls import reverse

from articles.workflow.diff import readable_text, word_diff
from articles.workflow.text_diff import LEVELS
from bench.sample_text import as_body, edited, paragraphs
from tests.articles.desk import change_form, change_url, staff
from tests.factories import make_article

BODY_ROW = re.compile(r"<tr class=\"desk-changed\">\s*<th scope=\"row\">Nội dung.*?</tr>", re.S)


def compare_page(client, article, **changes):
    """The compare page of `article` before and after an approver's edit
    (which goes live at once), as staff read it."""
    client.force_login(staff("approver"))
    client.post(change_url(article), change_form(article, **changes))
    old, new = article.history.order_by("history_date")
    return client.get(
        reverse("admin:articles_revision_compare", args=[article.pk]),
        {"a": old.history_id, "b": new.history_id},
    ).content.decode()


def body_cells(page):
    """(old, new) cells of the body's row: the body changed."""
    row = BODY_ROW.search(page)
    assert row, "the body is not shown as changed"
    return re.findall(r"<td>(.*?)</td>", row.group(0), re.S)


@pytest.mark.django_db
def test_staff_see_a_changed_word_struck_and_its_replacement_marked(client):
    texts = paragraphs(300)
    article = make_article(body=as_body(texts))

    old, new = body_cells(compare_page(client, article, body=as_body(edited(texts, edits=1))))

    changed = texts[0].split()[len(texts[0].split()) // 2]
    assert re.findall(r"<del>(.*?)</del>", old) == [changed]
    assert re.findall(r"<ins>(.*?)</ins>", new) == ["sửa"]
    assert old.count("<br>") == new.count("<br>") == len(texts) - 1


@pytest.mark.django_db
def test_staff_see_an_added_and_a_removed_paragraph_whole(client):
    texts = paragraphs(300)
    added = "Sở Nội vụ bổ sung thông tin về kết quả tuyển dụng công chức năm nay."
    changed = [*texts[:2], added, *texts[2:4], *texts[5:]]
    article = make_article(body=as_body(texts))

    old, new = body_cells(compare_page(client, article, body=as_body(changed)))

    assert re.findall(r"<del>(.*?)</del>", old) == [texts[4]]
    assert re.findall(r"<ins>(.*?)</ins>", new) == [added]
    assert all(text in old and text in new for text in texts[:4] + texts[5:])


@pytest.mark.django_db
@pytest.mark.parametrize("words", [300, 3000])
def test_a_fully_rewritten_article_is_shown_all_deleted_then_all_inserted(client, words):
    before, after = paragraphs(words, seed=1), paragraphs(words, seed=2)
    article = make_article(body=as_body(before))

    old, new = body_cells(compare_page(client, article, body=as_body(after)))

    assert old == f"<del>{'<br>'.join(before)}</del>"
    assert new == f"<ins>{'<br>'.join(after)}</ins>"


def test_the_title_diff_marks_words_as_before():
    left, right = word_diff(
        "Chính phủ họp thường kỳ tháng Mười", "Chính phủ họp chuyên đề tháng Mười"
    )

    assert left == "Chính phủ họp <del>thường kỳ</del> tháng Mười"
    assert right == "Chính phủ họp <ins>chuyên đề</ins> tháng Mười"


def test_the_text_is_escaped():
    left, right = word_diff("a < b & c", "a < b & <script>")

    assert left == "a &lt; b &amp; <del>c</del>"
    assert right == "a &lt; b &amp; <ins>&lt;script&gt;</ins>"


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_cuts_a_text_into_units_that_give_it_back(level):
    text = "\n".join(paragraphs(200)) + "\n\nÔng A. B nói: “Tốt!” 3.5 tỷ…  Hết"
    assert "".join(level.findall(text)) == text


def test_past_its_budget_a_comparison_marks_what_differs_whole():
    texts = paragraphs(300)
    old, new = "\n".join(texts), "\n".join(edited(texts, edits=3))

    left, right = word_diff(old, new, budget=0)

    assert left == f"<del>{old}</del>".replace("\n", "<br>")
    assert right == f"<ins>{new}</ins>".replace("\n", "<br>")


def _fastest_compare(words, runs=5):
    """The best of `runs` timings (seconds) of comparing a `words`-word
    article with itself after a few edits spread through it."""
    texts = paragraphs(words, seed=words)
    old, new = as_body(texts), as_body(edited(texts, edits=5))
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        word_diff(readable_text(old), readable_text(new))
        timings.append(time.perf_counter() - start)
    return min(timings)


def test_comparing_grows_far_less_than_the_square_of_the_length():
    small, large = _fastest_compare(300), _fastest_compare(3000)

    # Ten times the words: a quadratic diff would take a hundred times longer.
    assert large < 30 * small


def test_an_edit_in_a_long_passage_without_a_full_stop_is_still_shown_word_by_word():
    words = " ".join(paragraphs(5000)).replace(".", "").split()
    old, new = " ".join(words), " ".join([*words[:2500], "sửa", *words[2501:]])

    left, right = word_diff(old, new)

    assert re.findall(r"<del>(.*?)</del>", left) == [words[2500]]
    assert re.findall(r"<ins>(.*?)</ins>", right) == ["sửa"]
