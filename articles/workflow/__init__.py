"""The review workflow of an article, and its revisions.

- rules.py: the states, the actions and who may apply which (`RULES`);
- services.py: the transitions, the only code that changes a status;
- transitions.py: the `Transition` log (a model, gathered in articles/models.py);
- revisions.py: pending changes, their review, and restoring a revision;
- diff.py: the comparison of two revisions;
- versions.py: the version number every change claims (no lost update), and
  missed.py: what a change from an older version missed;
- notifications.py: the e-mails a submission or a return sends.

Nothing is imported here, so the models can import `rules` without loading
the services that import them.
"""
