"""The data desk imports the launch CSV through the admin in a real browser: upload, preview, confirm."""

import pytest

from stats.models import Observation
from tests.statistics.conftest import DATA_DESK_PERMISSIONS, LAUNCH_CSV, DatasetFactory, staff_user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_data_desk_uploads_previews_and_confirms_the_launch_csv(
    page, live_server, screenshot_dir, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # The live server serves static files from the finders, which know no manifest-hashed names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    dataset = DatasetFactory(title="Russian wartime emigres who remain abroad", slug="russian-wartime-emigres")
    staff_user("datadesk", *DATA_DESK_PERMISSIONS)

    page.goto(f"{live_server.url}/admin/login/?next=/admin/statistics/observation/import/")
    page.fill("#id_username", "datadesk")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")

    page.select_option("#id_dataset", str(dataset.pk))
    page.set_input_files("#id_import_file", str(LAUNCH_CSV))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit][value=Preview]")

    page.wait_for_selector("text=Preview: nothing has been written yet")
    assert page.inner_text("[data-count=new]") == "13"
    assert Observation.objects.count() == 0
    page.screenshot(path=str(screenshot_dir / "admin-import-preview.png"), full_page=True)

    page.click("input[type=submit][value='Confirm import']")

    page.wait_for_selector("text=13 new, 0 updated, 0 unchanged, 0 errors")
    assert Observation.objects.filter(dataset=dataset).count() == 13
    page.screenshot(path=str(screenshot_dir / "admin-import-done.png"), full_page=True)
