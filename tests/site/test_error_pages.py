"""The 500 page is in the site's design and renders without the database."""

from django.test import RequestFactory

from newsroom.views import server_error


def test_server_error_page_renders_in_the_sites_design_without_touching_the_database():
    # No django_db mark: any query here would fail the test, as it would fail while the database is down.
    response = server_error(RequestFactory().get("/some/page/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="en">' in html
    assert "<h1>Something went wrong</h1>" in html
    assert 'class="site-header"' in html and 'class="skip-link"' in html
    assert 'href="/static/css/site.css"' in html
