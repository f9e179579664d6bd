"""What `make bench-front` prints from wrk's output: the ratio of the front to
the static nginx, the verdicts against the targets, and the renders read
from the app servers' metrics."""

from bench.front_speed import page_row, publish_rows
from bench.front_static import file_for, renders_in
from bench.stack import parse_wrk

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:40000/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.10ms    4.20ms  80.00ms   90.00%
  Latency Distribution
     50%    {p50}
     75%    7.00ms
     90%    9.00ms
     99%    {p99}
  {requests} requests in 5.00s, 150.00MB read
Requests/sec:   {rps}
Transfer/sec:     30.00MB
"""


def run(rps, p50="5.00ms", p99="20.00ms"):
    return parse_wrk(WRK_OUTPUT.format(rps=rps, p50=p50, p99=p99, requests=int(rps * 5)))


def test_a_page_row_gives_the_median_of_the_paired_ratios_and_misses_below_half():
    result = {
        "front": [run(1000.0, p99="30.00ms"), run(3000.0, p99="1.20s"), run(2000.0)],
        "static": [run(4000.0), run(5000.0), run(8000.0)],
        "bytes": 35506,
        "load": "12.0/11.0/10.0",
    }

    row = page_row("article", result)

    # pairs 0.25, 0.60, 0.25: the median pair is 0.25, not 2000 / 5000
    assert "front/static 0.25 (target >= 0.5: MISS)" in row
    assert "front   2000 req/s  static   5000 req/s" in row
    assert "front p50 5.00 ms p99 20.00 ms" in row
    assert "load 12.0/11.0/10.0" in row


def test_a_page_row_at_half_the_static_speed_meets_the_target():
    result = {"front": [run(2500.0)], "static": [run(5000.0)], "bytes": 1, "load": "1.0"}

    assert "front/static 0.50 (target >= 0.5: ok)" in page_row("home", result)


def test_a_page_row_compares_the_gzipped_answers_with_the_static_gzip_copy_too():
    result = {
        "front": [run(2000.0)], "static": [run(10000.0)],
        "front_gzip": [run(6000.0, p99="9.00ms")], "static_gzip": [run(10000.0)],
        "bytes": 38682, "gzip_bytes": 8672, "load": "5.0",
    }  # fmt: skip

    plain, zipped = page_row("home", result).split("  gzip: ")

    assert "front/static 0.20 (target >= 0.5: MISS)" in plain and "38682 bytes" in plain
    assert "front/static 0.60 (target >= 0.5: ok)" in zipped
    assert "front p99 9.00 ms" in zipped.replace("p50 5.00 ms ", "") and "8672 bytes" in zipped


def test_the_minute_after_a_publish_compares_its_p99_with_the_steady_one():
    result = {
        "steady": run(2000.0, p99="25.00ms"), "after": run(1500.0, p99="60.00ms"),
        "steady_s": 30, "after_s": 60, "steady_renders": 0, "steady_fetches": 3,
        "renders": 14, "fetches": 40, "steady_load": "12.0", "after_load": "13.0",
        "pages": 17, "changed": 14, "changed_paths": ["/"], "publish_s": 0.2,
        "purged_keys": ["article-13", "home"],
    }  # fmt: skip

    rows = publish_rows(result)

    assert "p99 after / steady 2.40 (target <= 2.0: MISS)" in rows[2]
    assert "renders 14  backend fetches 40 in 60 s" in rows[1]
    assert "pages the publish changed: 14 of 17 read" in rows[2]
    assert "keys purged: article-13 home" in rows[2]


def test_renders_are_the_page_cache_misses_an_app_server_counted():
    metrics = (
        'vpcp_page_cache_lookups_total{outcome="hit"} 120.0\n'
        'vpcp_page_cache_lookups_total{outcome="miss"} 14.0\n'
    )

    assert renders_in(metrics) == 14
    assert renders_in('vpcp_page_cache_lookups_total{outcome="hit"} 3.0\n') == 0


def test_a_page_is_saved_where_a_plain_nginx_serves_its_address(tmp_path):
    assert file_for(tmp_path, "/") == tmp_path / "index.html"
    assert file_for(tmp_path, "/chuyen-muc/thoi-su/") == tmp_path / "chuyen-muc/thoi-su/index.html"
