import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python with Django set up in a fresh process, with the given environment on top of ours."""
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=PROJECT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-directory/for-healthz/db.sqlite3",
        "postgres://postgres@127.0.0.1:9/unreachable",  # port 9 (discard) has no database
    ],
)
def test_healthz_answers_503_when_the_database_is_down(database_url):
    result = run_django(
        "from django.test import Client\nr = Client().get('/healthz')\nprint(r.status_code, r.content.decode())",
        DATABASE_URL=database_url,
        DATABASE_POOL_TIMEOUT="2",
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "error", "database": "unavailable"}
