"""The launch story as `make run` serves it: the demo content loaded by `manage.py load_demo`."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LAUNCH_URL = "/2024/07/17/around-650k-russian-wartime-emigres-remain-abroad/"


@pytest.fixture
def launch_html(client) -> str:
    call_command("load_demo", stdout=io.StringIO())
    response = client.get(LAUNCH_URL)
    assert response.status_code == 200
    return response.content.decode()


def test_launch_story_draws_the_countries_as_bars_and_lists_those_without_data(launch_html):
    body = launch_html[launch_html.index('class="article__body"') :]
    svg = body[body.index("<svg") : body.index("</svg>")]
    for drawn in ("Armenia", "Kazakhstan", "Georgia", "Israel", "Germany", "Spain"):
        assert drawn in svg
    assert "about 110,000" in svg
    assert "more than 48,000" in svg
    for missing in ("Portugal", "Cyprus", "Thailand", "Indonesia", "Azerbaijan", "Greece"):
        assert re.search(rf"{missing}[^<]*</[^>]+>\s*[^<]*no data|{missing}: no data", body), missing


def test_launch_story_credits_the_headline_figure_to_the_bell_not_the_sum_of_rows(launch_html):
    assert re.search(r"The Bell.{0,80}about 650,000", launch_html, re.S)


def test_launch_story_credits_the_photo_and_the_original_publisher(launch_html):
    assert "Alexander Avilov / Moskva News Agency" in launch_html
    assert re.search(
        r'Originally published by <a href="https://www\.themoscowtimes\.com/2024/07/17/'
        r'around-650k-russian-wartime-emigres-remain-abroad-the-bell-a85738"[^>]*>The Moscow Times</a>',
        launch_html,
    )


def test_agentstvo_box_stands_inside_the_body_between_paragraphs(launch_html):
    body = launch_html[launch_html.index('class="article__body"') : launch_html.index("Originally published by")]
    box = body.index('class="related-box"')
    assert "Black-Market Database of Leaked Info Lists Russian Wartime Emigres" in body[box:]
    assert "Agentstvo" in body[box:]
    assert body.rfind("<p>", 0, box) != -1  # text before the box
    assert body.find("<p>", box) != -1  # and after it
