"""The compare page's diff (articles/workflow/text_diff.py) on two revisions of
long articles, in this process, no server: the best of a few runs, in
milliseconds of one core, for an article with five edits spread through it
and for one rewritten whole, at 500 and 5,000 words."""

import time

SIZES = (500, 5000)
RUNS = 5


def _best_ms(old, new):
    from articles.workflow.diff import readable_text, word_diff

    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        word_diff(readable_text(old), readable_text(new))
        timings.append(time.perf_counter() - started)
    return 1000 * min(timings)


def figures():
    """{"edited": {words: ms}, "rewritten": {words: ms}} (words as strings,
    for JSON)."""
    from bench.sample_text import as_body, edited, paragraphs

    result: dict[str, dict[str, float]] = {"edited": {}, "rewritten": {}}
    for words in SIZES:
        texts = paragraphs(words, seed=words)
        old = as_body(texts)
        result["edited"][str(words)] = _best_ms(old, as_body(edited(texts, edits=5)))
        result["rewritten"][str(words)] = _best_ms(old, as_body(paragraphs(words, seed=-words)))
    return result
