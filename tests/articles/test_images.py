"""Images: Pillow checks an upload is an image; a few widths are made once, on upload, for srcset."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.images import RENDITION_WIDTHS
from articles.models import Image

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_image_add")


def jpeg(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "darkorange").save(buffer, format="JPEG")
    return SimpleUploadedFile("border.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_uploading_an_image_makes_its_renditions_once(editor_client):
    response = editor_client.post(
        ADD_URL,
        {
            "file": jpeg(2000, 1000),
            "alt_text": "Queue at the border",
            "credit": "Alexander Avilov / Moskva News Agency",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (2000, 1000)
    assert sorted(map(int, image.renditions)) == list(RENDITION_WIDTHS)
    for width, name in image.renditions.items():
        with default_storage.open(name) as handle, PILImage.open(handle) as rendition:
            assert rendition.width == int(width)
            assert rendition.height == int(width) // 2
    assert image.srcset.split(", ")[0].endswith("-480w.jpg 480w")
    assert image.srcset.endswith(" 2000w")

    before = dict(image.renditions)
    change_url = reverse("admin:articles_image_change", args=[image.pk])
    editor_client.post(change_url, {"alt_text": "Queue at the border crossing", "caption": "", "credit": ""})
    image.refresh_from_db()
    assert image.renditions == before  # editing the text does not redo them


def test_a_small_image_gets_only_the_renditions_narrower_than_itself(editor_client):
    editor_client.post(ADD_URL, {"file": jpeg(900, 600), "alt_text": "A portrait"})
    assert sorted(map(int, Image.objects.get().renditions)) == [480, 800]


def test_a_file_that_is_not_an_image_is_refused_with_a_clear_message(editor_client):
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 'not an image'; ?>", content_type="image/jpeg")
    response = editor_client.post(ADD_URL, {"file": fake, "alt_text": "Not really"})
    assert response.status_code == 200
    assert "Upload a valid image." in response.content.decode()
    assert not Image.objects.exists()


def test_alt_text_is_required(editor_client):
    response = editor_client.post(ADD_URL, {"file": jpeg(600, 400), "alt_text": ""})
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_replacing_the_file_replaces_the_renditions(editor_client):
    editor_client.post(ADD_URL, {"file": jpeg(2000, 1000), "alt_text": "First"})
    image = Image.objects.get()
    old = list(image.renditions.values())
    change_url = reverse("admin:articles_image_change", args=[image.pk])
    editor_client.post(change_url, {"file": jpeg(1000, 1000), "alt_text": "Second"})
    image.refresh_from_db()
    assert sorted(map(int, image.renditions)) == [480, 800]
    assert not any(default_storage.exists(name) for name in old)


def test_an_enormous_image_is_refused_before_any_rendition_is_made(editor_client):
    buffer = io.BytesIO()
    PILImage.new("1", (10_000, 7_000)).save(buffer, format="PNG")  # 70 megapixels, a few kilobytes
    upload = SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png")
    response = editor_client.post(ADD_URL, {"file": upload, "alt_text": "Huge"})
    assert response.status_code == 200
    assert "This image is 10000 × 7000 (70 megapixels); the limit is 64." in response.content.decode()
    assert not Image.objects.exists()
