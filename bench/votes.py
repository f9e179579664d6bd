"""`bench/cpu.py --votes`: CPU per vote POST in-process, with real captchas."""

import cProfile
import io
import pstats
import random
import time

CSRF = "benchcsrftoken0123456789abcdefgh"


def time_votes(args, client):
    """200 warm-up votes, then args.n timed ones; prints CPU ms per vote, the
    statuses, and the SQL statements and Redis commands of one vote."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(7)
    client.cookies["csrftoken"] = CSRF
    cast(client, ballots(200, rng), rng)
    votes = ballots(args.n, rng)
    started = time.process_time()
    statuses = cast(client, votes, rng)
    cpu = 1000 * (time.process_time() - started) / args.n
    one = ballots(1, rng)
    with CaptureQueriesContext(connection) as queries, counted_redis() as redis:
        cast(client, one, rng)
    print(
        f"vote POST: {cpu:.3f} ms CPU/vote over {args.n}, statuses {statuses}; one vote: "
        f"{len(queries)} SQL statements (BEGIN and COMMIT included), {redis[0]} Redis round trips"
    )
    if args.queries:
        for query in queries.captured_queries:
            print("   ", query["sql"][:300])
    if args.profile:
        votes = ballots(args.n, rng)
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        cast(client, votes, rng)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())


def ballots(n, rng):
    """n (path, body) pairs, each with a new captcha and its answer, and a
    solved proof of work (bench.seed.make_proofs)."""
    from captcha.models import CaptchaStore
    from django.db import transaction

    from articles.models import Article
    from bench.seed import make_proofs

    ids = list(
        Article.objects.published().order_by("-published_at").values_list("pk", flat=True)[:100]
    )
    with transaction.atomic():
        keys = [CaptchaStore.generate_key() for _ in range(n)]
    answers = dict(CaptchaStore.objects.filter(hashkey__in=keys).values_list("hashkey", "response"))
    proofs = make_proofs(n)
    return [
        (
            f"/api/ratings/{rng.choice(ids)}/",
            f"score={rng.randint(1, 5)}&captcha_0={key}&captcha_1={answers[key]}&altcha={paid}",
        )
        for key, paid in zip(keys, proofs, strict=True)
    ]


def cast(client, votes, rng):
    statuses = {}
    for path, body in votes:
        reader = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        status = client.post(
            path,
            body,
            content_type="application/x-www-form-urlencoded",
            headers={"X-CSRFToken": CSRF, "X-Forwarded-For": reader},
        ).status_code
        statuses[status] = statuses.get(status, 0) + 1
        client.cookies.pop("vpcp_voter", None)  # wrk sends none either
    return statuses


class counted_redis:
    """Count the commands sent to Redis (one per round trip, a pipeline or a
    script included) while the block runs; yields a one-item list."""

    def __enter__(self):
        import redis.connection

        self.cls, self.count = redis.connection.Connection, [0]
        self.original = self.cls.send_packed_command
        count, original = self.count, self.original

        def send(connection, *args, **kwargs):
            count[0] += 1
            return original(connection, *args, **kwargs)

        self.cls.send_packed_command = send
        return self.count

    def __exit__(self, *exc):
        self.cls.send_packed_command = self.original
