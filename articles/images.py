"""Image renditions: a few widths made once, on upload, so pages can offer a ``srcset``.

Renditions are written through Django's default storage, so they land on the local filesystem or on
S3-compatible storage alike. Pillow re-encodes every rendition, which also drops any metadata (EXIF GPS
positions included) a photographer's camera left in the original.
"""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageOps

#: Widths in CSS pixels: phone, phone at 2x / small laptop, article column at 2x, wide screens.
RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_DIR = "images/renditions"


def create_image_renditions(image) -> dict[str, str]:
    """Write the renditions narrower than the original and record them on ``image.renditions``.

    Replaces (and deletes) any renditions made from an earlier file. Returns ``{"480": "path", ...}``.
    """
    delete_image_renditions(image)
    with image.file.open("rb") as handle, PILImage.open(handle) as opened:
        opened.load()
        # Phones store the orientation in EXIF; apply it before the metadata is dropped.
        original = ImageOps.exif_transpose(opened)
    has_alpha = original.mode in ("RGBA", "LA") or (original.mode == "P" and "transparency" in original.info)
    if has_alpha:
        fmt, extension, converted = "PNG", "png", original.convert("RGBA")
    else:
        fmt, extension, converted = "JPEG", "jpg", original.convert("RGB")
    stem = PurePosixPath(image.file.name).stem
    renditions: dict[str, str] = {}
    for width in RENDITION_WIDTHS:
        if width >= converted.width:
            break
        height = max(1, round(converted.height * width / converted.width))
        resized = converted.resize((width, height), PILImage.Resampling.LANCZOS)
        buffer = io.BytesIO()
        options = {"quality": 82, "optimize": True, "progressive": True} if fmt == "JPEG" else {"optimize": True}
        resized.save(buffer, format=fmt, **options)
        name = default_storage.save(f"{RENDITION_DIR}/{stem}-{width}w.{extension}", ContentFile(buffer.getvalue()))
        renditions[str(width)] = name
    image.renditions = renditions
    image.save(update_fields=["renditions"])
    return renditions


def delete_image_renditions(image) -> None:
    for name in (image.renditions or {}).values():
        default_storage.delete(name)
    image.renditions = {}


def image_srcset(image) -> str:
    """``srcset`` candidates, narrowest first, ending with the original file at its own width."""
    candidates = [
        f"{default_storage.url(name)} {width}w"
        for width, name in sorted((image.renditions or {}).items(), key=lambda item: int(item[0]))
    ]
    if image.file and image.width:
        candidates.append(f"{image.file.url} {image.width}w")
    return ", ".join(candidates)
