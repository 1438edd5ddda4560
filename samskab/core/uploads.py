"""Upload limits: refuse an oversized request before reading its body, and refuse images
whose pixel count (read from the header, never decoded) would be a decompression bomb."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import exceptions
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

# 40 megapixels: more than any camera photo needs (a 24 Mpx camera gives 6000 x 4000); one
# 9000 x 9000 PNG of 79 KB would be 243 MB once decoded.
MAX_IMAGE_PIXELS = 40_000_000


class UploadTooLarge(exceptions.RequestDataTooBig):
    """The request body is over ``MAX_UPLOAD_REQUEST_BYTES``; answered 413 (core.views)."""


class RequestSizeLimitHandler(FileUploadHandler):
    """First in ``FILE_UPLOAD_HANDLERS``: refuses a multipart body over the limit from its
    Content-Length, before a byte of it is read or spooled to disk, and counts the file data as
    it streams in, should a body be longer than it said."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0

    def _limit(self) -> int:
        return int(settings.MAX_UPLOAD_REQUEST_BYTES)

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        if content_length > self._limit():
            raise UploadTooLarge(f"request body of {content_length} bytes refused")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self._limit():
            raise UploadTooLarge("upload grew past the limit while it was read")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def check_image_pixels(upload: Any) -> None:
    """Refuse an image whose width x height is over ``MAX_IMAGE_PIXELS``.

    Django's ImageField has opened the upload with Pillow, which reads the header (and checks
    the chunks) without decoding the pixels, so this costs nothing however big the image is.
    """
    image = getattr(upload, "image", None)
    if image is None:
        return
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise exceptions.ValidationError(
            _(
                "Billedet har for mange pixels (%(width)d x %(height)d): højst %(limit)d "
                "megapixel. Gem det i en mindre størrelse og prøv igen."
            )
            % {"width": width, "height": height, "limit": MAX_IMAGE_PIXELS // 1_000_000}
        )
