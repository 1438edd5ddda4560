"""Uploads: decompression bombs are refused by their pixel count (read from the header, never
decoded), and an upload over the request limit is refused before its body is read."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from PIL import Image, ImageFile

from samskab.accounts.personas import Personas
from samskab.budgets.delivery_forms import DeliveryUpdateForm
from samskab.budgets.forms import ProposalForm
from samskab.budgets.models import Proposal
from samskab.budgets.tests.factories import make_process


def _png(width: int, height: int) -> bytes:
    """A bilevel PNG: 40+ megapixels fit in a few kilobytes, and in 6 MB while made here."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def _proposal_form(content: bytes) -> ProposalForm:
    data = {
        "title": "Bænke ved fjorden",
        "description": "Flere bænke.",
        "estimated_cost": "10000",
        "image_description": "En bænk.",
    }
    upload = SimpleUploadedFile("b.png", content, "image/png")
    return ProposalForm(data, MultiValueDict({"image": [upload]}))


def _delivery_form(content: bytes) -> DeliveryUpdateForm:
    data = {"date": "2027-01-01", "text": "Bænkene står der.", "photo_description": "En bænk."}
    upload = SimpleUploadedFile("b.png", content, "image/png")
    return DeliveryUpdateForm(data, MultiValueDict({"photo": [upload]}))


def test_a_49_megapixel_png_of_a_few_kilobytes_is_refused_as_a_proposal_image():
    content = _png(7000, 7000)
    assert len(content) < 100_000  # small on the wire, 49 Mpx (147 MB as RGB) when decoded
    form = _proposal_form(content)
    assert not form.is_valid()
    assert "megapixel" in str(form.errors["image"])


@pytest.mark.parametrize("make_form", [_proposal_form, _delivery_form])
def test_the_pixel_limit_is_exact_for_proposal_images_and_delivery_photos(monkeypatch, make_form):
    monkeypatch.setattr("samskab.core.uploads.MAX_IMAGE_PIXELS", 100 * 100)
    field = "image" if make_form is _proposal_form else "photo"
    assert field not in make_form(_png(100, 100)).errors
    over = make_form(_png(101, 100))
    assert field in over.errors and "megapixel" in str(over.errors[field])


def test_the_pixel_count_is_read_without_decoding_the_image(monkeypatch):
    content = _png(7000, 7000)
    decoded: list[Any] = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self))
    form = _proposal_form(content)
    assert not form.is_valid()
    assert decoded == []


class _CountingInput(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


@pytest.mark.django_db
def test_an_upload_over_the_request_limit_is_refused_before_its_body_is_read(
    personas: Personas, settings: Any
) -> None:
    settings.MAX_UPLOAD_REQUEST_BYTES = 200_000
    make_process(personas, timezone.now(), current="ideas", slug="ideer")
    client = Client()
    client.force_login(personas.citizen)
    url = reverse("budgets:proposal_create", args=["ideer"])
    page = client.get(url)
    csrf = page.context["csrf_token"]
    client.raise_request_exception = True
    # A well-formed multipart body of 1 MB, sent through the WSGI handler with a stream that
    # counts what the server reads from it.
    boundary = "BoUnDaRy"
    body = encode_multipart(
        boundary,
        {
            "csrfmiddlewaretoken": str(csrf),
            "title": "Kæmpebillede",
            "description": "x",
            "estimated_cost": "1000",
            "image_description": "x",
            "image": SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * 1_000_000, "image/png"),
        },
    )
    stream = _CountingInput(body)
    environ: dict[str, Any] = {
        "wsgi.input": stream,
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": MULTIPART_CONTENT.replace("BoUnDaRy", boundary),
    }
    response = client.generic("POST", url, **environ)
    assert response.status_code == 413
    text = response.content.decode()
    assert "for stor" in text and "Intet er gemt" in text
    assert stream.bytes_read == 0
    assert not Proposal.objects.filter(title="Kæmpebillede").exists()


@pytest.mark.django_db
def test_an_upload_under_the_request_limit_reaches_the_form(
    personas: Personas, settings: Any
) -> None:
    settings.MAX_UPLOAD_REQUEST_BYTES = 200_000
    make_process(personas, timezone.now(), current="ideas", slug="ideer")
    client = Client()
    client.force_login(personas.citizen)
    url = reverse("budgets:proposal_create", args=["ideer"])
    response = client.post(
        url,
        {
            "title": "Lille billede",
            "description": "x",
            "estimated_cost": "1000",
            "image_description": "Et billede",
            "image": SimpleUploadedFile("small.png", _png(50, 50), "image/png"),
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.get(title="Lille billede").image
