"""The admin's import: only the data desk may use it; preview, then confirm; errors by row and column;
uploads kept between the two steps are removed whatever happens."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stats.models import DatasetVersion, Observation
from tests.statistics.conftest import LAUNCH_HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/statistics/observation/import/"
CONFIRM_URL = "/admin/statistics/observation/process_import/"
CANCEL_URL = "/admin/statistics/observation/import/cancel/"
EXPORT_URL = "/admin/statistics/observation/export/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pending_uploads(media_root) -> list:
    folder = media_root / "django-import-export"
    return sorted(folder.iterdir()) if folder.exists() else []


def upload(client, dataset, content: bytes, name: str = "emigres.csv", file_format: str = "0"):
    return client.post(
        IMPORT_URL,
        {
            "dataset": dataset.pk,
            "format": file_format,
            "resource": "0",
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def confirm_fields(response) -> dict:
    html = response.content.decode()
    form = html[html.index('action="' + CONFIRM_URL) :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


@pytest.mark.parametrize("user_fixture", ["editor_user", "view_only_user"])
@pytest.mark.parametrize("url", [IMPORT_URL, EXPORT_URL])
def test_editors_and_view_only_staff_cannot_import_or_export(client, request, dataset, user_fixture, url):
    client.force_login(request.getfixturevalue(user_fixture))

    assert client.get(url).status_code == 403
    assert client.post(url, {"dataset": dataset.pk, "format": "0"}).status_code == 403


@pytest.mark.parametrize("user_fixture", ["editor_user", "view_only_user"])
def test_editors_and_view_only_staff_cannot_confirm_an_import(client, request, dataset, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.post(CONFIRM_URL, {"import_file_name": "0" * 32, "format": "0", "dataset": dataset.pk})
    assert response.status_code == 403


def test_the_data_desk_can_open_import_and_export(client, data_desk_user):
    client.force_login(data_desk_user)
    assert client.get(IMPORT_URL).status_code == 200
    assert client.get(EXPORT_URL).status_code == 200


def test_the_data_desk_previews_then_confirms_the_launch_csv(client, data_desk_user, dataset, launch_csv, media_root):
    client.force_login(data_desk_user)

    preview = upload(client, dataset, launch_csv)

    assert preview.status_code == 200
    assert not Observation.objects.exists()
    text = preview.content.decode()
    assert "Preview: nothing has been written yet" in text
    assert '<strong data-count="new">13</strong> new' in text
    assert len(pending_uploads(media_root)) == 1

    done = client.post(CONFIRM_URL, confirm_fields(preview), follow=True)

    assert done.status_code == 200
    assert "13 new, 0 updated, 0 unchanged, 0 errors" in done.content.decode()
    assert Observation.objects.filter(dataset=dataset).count() == 13
    version = DatasetVersion.objects.get(dataset=dataset, kind="import")
    assert (version.created_by, version.file_name, version.rows_new) == (data_desk_user, "emigres.csv", 13)
    assert pending_uploads(media_root) == []


def test_the_preview_lists_errors_by_row_column_and_reason_and_keeps_no_upload(
    client, data_desk_user, dataset, media_root
):
    client.force_login(data_desk_user)
    content = csv_bytes("country,value,qualifier,status,note\nArmenia,110000,about,reported,\nGermny,1,,reported,\n")

    response = upload(client, dataset, content)

    text = response.content.decode()
    assert "Nothing can be imported: 1 problem" in text
    assert "<td>3</td><td>country</td><td>“Germny” is not a country we know. Did you mean Germany?</td>" in text
    assert "Confirm import" not in text
    assert "Traceback" not in text and "ConversionSyntax" not in text
    assert pending_uploads(media_root) == []
    assert not Observation.objects.exists()


def test_an_unreadable_file_is_refused_in_plain_words(client, data_desk_user, dataset, media_root):
    client.force_login(data_desk_user)

    response = upload(client, dataset, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, name="photo.xlsx", file_format="1")

    assert "This is not an XLSX file" in response.content.decode()
    assert pending_uploads(media_root) == []


def test_an_oversize_upload_is_refused_by_the_form(client, data_desk_user, dataset, settings, media_root):
    settings.STATISTICS_IMPORT_MAX_UPLOAD_BYTES = 100
    client.force_login(data_desk_user)

    response = upload(client, dataset, csv_bytes("country,value\n" + "Armenia,1\n" * 50))

    assert "The file is 514 bytes; the limit is 100 bytes." in response.content.decode()
    assert pending_uploads(media_root) == []


def test_cancelling_a_preview_removes_the_upload_and_writes_nothing(
    client, data_desk_user, dataset, launch_csv, media_root
):
    client.force_login(data_desk_user)
    preview = upload(client, dataset, launch_csv)
    assert len(pending_uploads(media_root)) == 1

    response = client.post(CANCEL_URL, {"import_file_name": confirm_fields(preview)["import_file_name"]}, follow=True)

    assert "Import cancelled" in response.content.decode()
    assert pending_uploads(media_root) == []
    assert not Observation.objects.exists()


def test_a_confirm_that_fails_writes_nothing_and_removes_the_upload(
    client, data_desk_user, dataset, launch_csv, media_root
):
    client.force_login(data_desk_user)
    preview = upload(client, dataset, launch_csv)
    fields = confirm_fields(preview)
    # Between preview and confirm, someone replaced the stored file with one that no longer imports.
    (media_root / "django-import-export" / fields["import_file_name"]).write_bytes(b"country,value\nWorld,1\n")

    response = client.post(CONFIRM_URL, fields, follow=True)

    assert "Nothing was imported" in response.content.decode()
    assert "group of countries" in response.content.decode()
    assert not Observation.objects.exists()
    assert pending_uploads(media_root) == []


def test_the_confirm_step_ignores_file_names_that_are_not_uploads(client, data_desk_user, dataset, media_root):
    client.force_login(data_desk_user)
    secret = media_root / "secret.txt"
    secret.write_text("keep me")

    client.post(CANCEL_URL, {"import_file_name": "../secret.txt"})

    assert secret.exists()


def ods_bytes(rows: list[list]) -> bytes:
    import tablib

    data = tablib.Dataset(headers=rows[0])
    for row in rows[1:]:
        data.append(row)
    return data.export("ods")


@pytest.mark.parametrize(
    ("name", "file_format", "build"),
    [("figures.xlsx", "1", xlsx_bytes), ("figures.ods", "2", ods_bytes)],
    ids=["xlsx", "ods"],
)
def test_binary_spreadsheets_preview_and_import_in_the_admin(
    client, data_desk_user, dataset, media_root, name, file_format, build
):
    client.force_login(data_desk_user)
    content = build(
        [
            LAUNCH_HEADER,
            ["Armenia", 110000, "about", "reported", "Visa-free"],
            ["Cyprus", None, None, "not counted", ""],
        ]
    )

    preview = upload(client, dataset, content, name=name, file_format=file_format)

    assert '<strong data-count="new">2</strong> new' in preview.content.decode()
    client.post(CONFIRM_URL, confirm_fields(preview))
    assert set(Observation.objects.values_list("country", flat=True)) == {"AM", "CY"}
    assert pending_uploads(media_root) == []


def test_the_dataset_list_shows_counts_and_the_dataset_page_lists_observations_with_flags(
    client, data_desk_user, dataset, launch_csv
):
    from stats.services import import_observations_from_file

    import_observations_from_file(dataset=dataset, content=launch_csv, file_name="launch.csv")
    client.force_login(data_desk_user)

    listing = client.get("/admin/statistics/dataset/").content.decode()
    page = client.get(f"/admin/statistics/dataset/{dataset.pk}/change/").content.decode()

    assert '<td class="field-observation_count">13</td>' in listing
    assert '<td class="field-no_data_count">6</td>' in listing
    assert "🇦🇲" in page
    assert "v2 import" in page


def test_the_observation_list_filters_by_dataset_country_and_status(client, data_desk_user, dataset, launch_csv):
    from stats.services import import_observations_from_file

    import_observations_from_file(dataset=dataset, content=launch_csv, file_name="launch.csv")
    client.force_login(data_desk_user)

    by_status = client.get(
        "/admin/statistics/observation/", {"status": "not published", "dataset__id__exact": dataset.pk}
    )
    by_country = client.get("/admin/statistics/observation/", {"country": "AM"})

    assert by_status.context["cl"].result_count == 5
    assert by_country.context["cl"].result_count == 1


def test_the_preview_of_a_large_file_is_paginated_and_any_page_can_confirm(client, data_desk_user, dataset, media_root):
    from django_countries import countries

    names = [name for _, name in countries]  # all 249 of them
    client.force_login(data_desk_user)
    preview = upload(client, dataset, csv_bytes("country,value\n" + "".join(f'"{name}",1\n' for name in names)))

    first = preview.content.decode()
    assert "page 1 of 3 (249 rows)" in first
    assert first.count('<tr class="new">') == 100
    next_link = re.search(r'href="([^"]*import/preview/[^"]*page=2)" rel="next"', first).group(1).replace("&amp;", "&")
    third = client.get(next_link.replace("page=2", "page=3"))
    text = third.content.decode()
    assert "page 3 of 3 (249 rows)" in text
    assert text.count('<tr class="new">') == 49
    assert f"<td>{names[200]}</td>" in text
    assert not Observation.objects.exists()

    client.post(CONFIRM_URL, confirm_fields(third))

    assert Observation.objects.filter(dataset=dataset).count() == 249
    assert pending_uploads(media_root) == []


def test_editors_cannot_page_through_a_preview(client, editor_user):
    client.force_login(editor_user)
    assert client.get("/admin/statistics/observation/import/preview/", {"page": 2}).status_code == 403


def test_uploads_of_abandoned_previews_are_swept_after_some_hours(
    client, data_desk_user, dataset, launch_csv, media_root
):
    import time_machine

    from stats.admin import purge_stale_import_files

    client.force_login(data_desk_user)
    upload(client, dataset, launch_csv)
    assert len(pending_uploads(media_root)) == 1

    assert purge_stale_import_files() == 0
    with time_machine.travel(datetime.timedelta(hours=7), tick=False):
        assert purge_stale_import_files() == 1
    assert pending_uploads(media_root) == []


def test_a_workbook_with_several_sheets_says_only_the_first_was_read(client, data_desk_user, dataset):
    client.force_login(data_desk_user)
    content = xlsx_bytes([LAUNCH_HEADER, ["Armenia", 1, "", "reported", ""]], extra_sheets=("Sources", "Notes"))

    preview = upload(client, dataset, content, name="figures.xlsx", file_format="1")

    assert "The workbook has 3 sheets; only the first, “Data”, was read." in preview.content.decode()


def test_the_dataset_page_links_to_an_import_into_it(client, data_desk_user, dataset):
    client.force_login(data_desk_user)

    page = client.get(f"/admin/statistics/dataset/{dataset.pk}/change/").content.decode()
    form = client.get(f"{IMPORT_URL}?dataset={dataset.pk}").content.decode()

    assert f"{IMPORT_URL}?dataset={dataset.pk}" in page
    assert f'<option value="{dataset.pk}" selected>' in form


def test_the_data_desk_can_add_an_observation_by_hand(client, data_desk_user, dataset):
    client.force_login(data_desk_user)
    assert client.get("/admin/statistics/observation/add/").status_code == 200

    client.post(
        "/admin/statistics/observation/add/",
        {
            "dataset": dataset.pk,
            "country": "AM",
            "period": "",
            "value": "5",
            "qualifier": "exact",
            "status": "reported",
        },
    )

    assert Observation.objects.get(dataset=dataset).country == "AM"
