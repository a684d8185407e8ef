"""Under gunicorn with DEBUG off: static files served by whitenoise (hashed, compressed), media by the app."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn_site(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    media_root = tmp_path_factory.mktemp("media")
    (media_root / "images").mkdir()
    (media_root / "images" / "upload.txt").write_text("an uploaded file")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "test-secret-key-for-the-gunicorn-static-test-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('db') / 'db.sqlite3'}",
    }
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=PROJECT, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/robots.txt", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("gunicorn did not start: " + server.stderr.read().decode())
            time.sleep(0.2)
    yield base, static_root
    server.terminate()
    server.wait(timeout=10)


def test_stylesheet_is_served_hashed_compressed_and_cached_for_long(gunicorn_site):
    base, static_root = gunicorn_site
    hashed = [
        p.name for p in (static_root / "css").glob("site.*.css") if re.fullmatch(r"site\.[0-9a-f]{12}\.css", p.name)
    ]
    assert hashed, "collectstatic made no hashed copy of site.css"
    request = urllib.request.Request(f"{base}/static/css/{hashed[0]}", headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/css")
        assert response.headers["Content-Encoding"] in {"br", "gzip"}
        assert "max-age=315360000" in response.headers["Cache-Control"]


def test_pages_link_the_hashed_stylesheet(gunicorn_site):
    base, _ = gunicorn_site
    with urllib.request.urlopen(base + "/", timeout=5) as response:
        assert response.status == 200
        assert re.search(r'href="/static/css/site\.[0-9a-f]{12}\.css"', response.read().decode())


def test_uploaded_media_are_served_by_the_app_itself(gunicorn_site):
    base, _ = gunicorn_site
    with urllib.request.urlopen(base + "/media/images/upload.txt", timeout=5) as response:
        assert response.status == 200
        assert response.read() == b"an uploaded file"


def test_media_paths_cannot_escape_the_media_folder(gunicorn_site):
    base, _ = gunicorn_site
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(base + "/media/%2e%2e/manage.py", timeout=5)
    assert error.value.code in (400, 404)  # refused either way; never the file outside MEDIA_ROOT
