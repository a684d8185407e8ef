"""Benchmark: how long the public pages take to render, and how many queries they make.

Not a test (no timings in tests): run it and read the figures.

    DEBUG=1 .venv/bin/python -m tests.site.bench_pages            # SQLite in memory
    DEBUG=1 BENCH_DATABASE_URL=postgres://... .venv/bin/python -m tests.site.bench_pages

It creates a throwaway test database (``test_<name>`` on PostgreSQL) and drops it afterwards.
"""

import os
import shutil
import statistics as stats_module
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

ROUNDS = 30


def measure(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)  # warm templates
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return stats_module.median(timings), max(timings), len(queries)


def main() -> None:
    from tests.site.launch import build_launch_story
    from tests.site.test_query_counts import article_with, stories

    setup_test_environment()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-media-")  # test images are not the project's media
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        launch = build_launch_story()
        big = article_with(figures=6, related=12, countries_per_dataset=200, slug="bench-big")
        stories(40)
        client = Client()
        pages = {
            "launch story (1 figure, 13 countries)": launch.get_absolute_url(),
            "article, 6 figures x 200 countries, 12 related": big.get_absolute_url(),
            "home (20 stories)": "/",
            "section (20 stories)": "/sections/world/",
            "search": "/search/?q=Story",
            "feed": "/feed/",
        }
        print(f"{connection.vendor}, median of {ROUNDS} requests through Django's test client")
        for name, url in pages.items():
            median, worst, queries = measure(client, url)
            print(f"  {name:<50} {median:7.1f} ms median  {worst:7.1f} ms max  {queries} queries")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
