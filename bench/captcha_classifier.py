"""`make bench`'s captcha figure: how many captchas a small trained model
reads, the attack a determined script would mount after the commodity ones
(bench/captcha_attacks.py) fail.

A softmax (multinomial logistic) regression on the letters the segmentation
attack cuts out, trained on captchas the portal's own drawing labels. No text
captcha that people read stops a trained model: this is a figure to watch
when the drawing changes, not a gate.
"""

import time

import numpy as np

from bench import captcha_attacks
from ratings.captcha import CHALLENGE_LETTERS

TRAIN = 2000
TEST = 300
EPOCHS = 300
LEARNING_RATE = 0.5
WEIGHT_DECAY = 1e-4


def _features(captchas):
    """(letter images as rows with a bias column, letter indexes)."""
    rows, labels = [], []
    for text, _, png in captchas:
        for letter, glyph in zip(text, captcha_attacks.segments(png), strict=True):
            rows.append(glyph.ravel())
            labels.append(CHALLENGE_LETTERS.index(letter))
    features = np.asarray(rows)
    return np.hstack([features, np.ones((len(rows), 1))]), np.asarray(labels)


def train(captchas):
    """Weights of a softmax regression from labelled captchas, by full-batch
    gradient descent (EPOCHS steps)."""
    features, labels = _features(captchas)
    classes = len(CHALLENGE_LETTERS)
    targets = np.eye(classes)[labels]
    weights = np.zeros((features.shape[1], classes))
    for _ in range(EPOCHS):
        scores = features @ weights
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        gradient = features.T @ (probabilities - targets) / len(labels)
        weights -= LEARNING_RATE * (gradient + WEIGHT_DECAY * weights)
    return weights


def read(weights, png):
    """The model's reading of one captcha."""
    glyphs = captcha_attacks.segments(png)
    features = np.hstack([np.asarray([g.ravel() for g in glyphs]), np.ones((len(glyphs), 1))])
    return "".join(CHALLENGE_LETTERS[i] for i in (features @ weights).argmax(axis=1))


def figures(train_count=TRAIN, test_count=TEST):
    """{"train", "test", "letters", "captchas", "seconds"}: the share of
    letters and of whole captchas the trained model reads right among
    `test_count` new captchas (needs Django's settings)."""
    started = time.monotonic()
    weights = train(captcha_attacks.labelled(train_count))
    test = captcha_attacks.labelled(test_count)
    readings = [(read(weights, png), text) for text, _, png in test]
    letters = sum(a == b for got, text in readings for a, b in zip(got, text, strict=True))
    return {
        "train": train_count,
        "test": test_count,
        "letters": letters / (test_count * captcha_attacks.LENGTH),
        "captchas": sum(got == text for got, text in readings) / test_count,
        "seconds": round(time.monotonic() - started),
    }
