"""Password hashing for the test run."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneRoundPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's default hasher at one round instead of about a million: the
    tests make and sign in hundreds of users, at a third of a second a hash.

    Its hashes name the same algorithm with their round count, so an app
    server a test starts (default hashers) checks them as it checks its own,
    and this hasher checks what those servers hash.
    """

    iterations = 1
