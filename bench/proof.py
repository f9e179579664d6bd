"""How long the widget's proof of work takes a reader's browser, and the
bench's Python solver: the figure RATINGS_POW_MAX_NUMBER is tuned by.

    .venv/bin/python bench/proof.py [--max-number 20000] [--runs 30] [--throttle 1 4 6]

Serves static/ratings/js/proof.js from 127.0.0.1, opens it in Debian's
Chromium through Playwright and times the widget's own solver
(window.vpcpSolveProof) on `--runs` fresh challenges at each CPU slowdown of `--throttle` (Chromium's CPU throttling,
as Lighthouse emulates a mid-range phone at 4x a desktop's speed); then
prints the hashes per second tried at full speed and what that makes for a
CPU `--slower` times slower (CPU throttling pauses the page rather than
slowing it evenly, so the throttled rows understate a phone); then times
ratings.proof.solve(), the solver the bench pays its votes with.
Prints the median, 90th percentile and slowest solve per row. Needs no
database: the challenges are ALTCHA's, made here with a throwaway key.
"""

import argparse
import functools
import http.server
import statistics
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import altcha

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
PAGE = b"<!doctype html><meta charset=utf-8><script src=/ratings/js/proof.js></script>"


def challenges(count, max_number):
    expires = datetime.now(UTC) + timedelta(minutes=5)
    return [
        altcha.create_challenge_v1(
            altcha.ChallengeOptionsV1(max_number=max_number, hmac_key="bench", expires=expires)
        ).to_dict()
        for _ in range(count)
    ]


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(PAGE)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


def serve():
    handler = functools.partial(Handler, directory=str(ROOT / "static"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def summary(label, seconds):
    ms = sorted(s * 1000 for s in seconds)
    p90 = ms[int(0.9 * (len(ms) - 1))]
    print(
        f"{label:<40} median {statistics.median(ms):7.0f} ms   p90 {p90:7.0f} ms   "
        f"max {ms[-1]:7.0f} ms   ({len(ms)} challenges)"
    )


def browser_rows(args):
    from playwright.sync_api import sync_playwright

    server = serve()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(url)
        cdp = page.context.new_cdp_session(page)
        hashes, seconds = 0, 0.0  # tried at full speed
        for rate in args.throttle:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            times = []
            for challenge in challenges(args.runs, args.max_number):
                took, number = page.evaluate(
                    """async (challenge) => {
                        const start = performance.now();
                        const payload = await window.vpcpSolveProof(challenge, () => false);
                        if (!payload) { throw new Error("not solved"); }
                        const took = (performance.now() - start) / 1000;
                        return [took, JSON.parse(atob(payload)).number];
                    }""",
                    challenge,
                )
                times.append(took)
                if rate == 1:
                    hashes, seconds = hashes + number + 1, seconds + took
            summary(f"Chromium, CPU slowed {rate}x", times)
        # Chromium's throttling pauses the page now and then, which slows it
        # less than a phone's CPU would: scale the unthrottled speed instead.
        speed = hashes / seconds if seconds else 0
        print(f"Chromium tried {speed:,.0f} hashes/s at full speed; on a CPU k times slower:")
        for slower in args.slower:
            average = args.max_number / 2 / speed * slower * 1000
            hardest = args.max_number / speed * slower * 1000
            print(
                f"  {slower}x slower: {average:5.0f} ms average, {hardest:5.0f} ms hardest challenge"
            )
        browser.close()
    server.shutdown()


def python_row(args):
    from django.conf import settings

    if not settings.configured:
        settings.configure()  # solve() reads no setting; its module's imports need some
    from ratings.proof import solve

    times = []
    for challenge in challenges(args.runs, args.max_number):
        start = time.perf_counter()
        if solve(challenge) is None:
            raise SystemExit("ratings.proof.solve found no number")
        times.append(time.perf_counter() - start)
    summary("Python ratings.proof.solve (one core)", times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-number", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--throttle", type=float, nargs="+", default=[1, 4, 6])
    parser.add_argument("--slower", type=float, nargs="+", default=[4, 6, 10])
    args = parser.parse_args()
    print(f"proof of work, maxNumber {args.max_number:,} (SHA-256, ALTCHA v1)")
    browser_rows(args)
    python_row(args)


if __name__ == "__main__":
    main()
