"""Hostile and awkward files (issue 25 finding 7, issue 24 "Bad input"): each gets a clear message
naming the problem and what to do, within limits of pages, time and inflated size, and leaves
no file or row behind; a worker that dies mid-import leaves an import that is retried or failed,
never "being read" for ever."""

import datetime
import io
import struct
import time
import zipfile
import zlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject
from weasyprint import HTML

from imports import apply, pdf
from imports.document import ImportRefused
from imports.models import ImportedReport
from imports.tasks import import_report, sweep_stale_imports

REPORT_TEXT = (
    "Round Table Action Learning Session 1: Testing the door\n\n"
    "The group looked at how a report is read when the file is awkward.\n\n"
    "Many of the group felt that a clear message saves an afternoon.\n"
)


def text_pdf() -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in REPORT_TEXT.split("\n\n"))
    return HTML(string=f"<h1>Report</h1>{paragraphs}").write_pdf()


def written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_stream(data: bytes, stream: dict, payload: bytes, as_image: bool) -> bytes:
    """The PDF with a raw (already encoded) stream added: as an image of its first page, or as
    its content."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    obj = StreamObject()
    obj._data = payload
    for key, value in stream.items():
        obj[NameObject(key)] = value
    ref = writer._add_object(obj)
    page = writer.pages[0]
    if as_image:
        resources = page[NameObject("/Resources")].get_object()
        xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject())
        xobjects[NameObject("/Bomb")] = ref
    else:
        page[NameObject("/Contents")] = ArrayObject([ref, page[NameObject("/Contents")]])
    return written(writer)


def deflated_zeros(size: int) -> bytes:
    squeeze = zlib.compressobj(9)
    chunk = b"\0" * (1024 * 1024)
    return b"".join(squeeze.compress(chunk) for _ in range(size // len(chunk))) + squeeze.flush()


def content_stream_bomb() -> bytes:
    return with_stream(
        text_pdf(),
        {"/Filter": NameObject("/FlateDecode")},
        deflated_zeros(80 * 1024 * 1024),
        as_image=False,
    )


def image_bomb() -> bytes:
    side = 6000  # 6000 × 6000 RGB: 108 MB unpacked from a few hundred KB
    return with_stream(
        text_pdf(),
        {
            "/Type": NameObject("/XObject"),
            "/Subtype": NameObject("/Image"),
            "/Width": NumberObject(side),
            "/Height": NumberObject(side),
            "/ColorSpace": NameObject("/DeviceRGB"),
            "/BitsPerComponent": NumberObject(8),
            "/Filter": NameObject("/FlateDecode"),
        },
        deflated_zeros(side * side * 3),
        as_image=True,
    )


def huge_jpeg() -> bytes:
    """A small JPEG whose header says 30,000 × 30,000 pixels (900 million)."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(out, format="JPEG")
    data = bytearray(out.getvalue())
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", 30000, 30000)
    return bytes(data)


def huge_jpeg_pdf() -> bytes:
    return with_stream(
        text_pdf(),
        {
            "/Type": NameObject("/XObject"),
            "/Subtype": NameObject("/Image"),
            "/Width": NumberObject(30000),
            "/Height": NumberObject(30000),
            "/ColorSpace": NameObject("/DeviceRGB"),
            "/BitsPerComponent": NumberObject(8),
            "/Filter": NameObject("/DCTDecode"),
        },
        huge_jpeg(),
        as_image=True,
    )


def encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    return written(writer)


def many_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=200, height=200)
    return written(writer)


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})

HOSTILE = {
    "content-stream bomb": (content_stream_bomb, "report.pdf", "decompression bomb"),
    "image bomb": (image_bomb, "report.pdf", "decompression bomb"),
    "huge JPEG": (huge_jpeg_pdf, "report.pdf", "decompression bomb"),
    "encrypted with a password": (lambda: encrypted("secret"), "report.pdf", "needs a password"),
    "3,000 pages": (lambda: many_pages(3000), "report.pdf", "3,000 pages.*at most 300"),
    "odt named docx": (lambda: ODT, "report.docx", "OpenDocument text.*save it as Word"),
    "xlsx named docx": (lambda: XLSX, "report.docx", "spreadsheet.*not a report"),
    "old Word file": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,
        "report.docx",
        "old Word.*save it as .docx",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_file_is_refused_quickly_with_what_to_do_and_nothing_left(db, media_root, case):
    make, name, message = HOSTILE[case]
    data = make()
    started = time.monotonic()
    with pytest.raises(ImportRefused, match=message):
        apply.import_bytes(data, name, new_group_name="Hostile")
    assert time.monotonic() - started < 30
    assert ImportedReport.objects.count() == 0
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_a_hostile_file_is_refused_on_the_upload_form(client, superuser, media_root):
    client.force_login(superuser)
    upload = io.BytesIO(image_bomb())
    upload.name = "report.pdf"
    response = client.post(
        reverse("admin:imports_importedreport_add"),
        {"upload": upload, "new_group_name": "Hostile"},
    )
    assert response.status_code == 200
    assert "decompression bomb" in response.content.decode()
    assert ImportedReport.objects.count() == 0


def test_an_encrypted_pdf_that_opens_without_a_password_is_read(db):
    report = apply.import_bytes(encrypted(""), "report.pdf", new_group_name="Readable")
    assert report.status == ImportedReport.Status.READY
    assert any("clear message saves" in p["text"] for p in report.extracted["paragraphs"])


def test_reading_a_pdf_stops_at_its_time_limit():
    ticks = iter(range(0, 10_000, 40))
    with pytest.raises(ImportRefused, match=r"longer than 60 seconds \(\d+ of 4 pages"):
        pdf.read_pdf(written(_pages_of(text_pdf(), 4)), clock=lambda: next(ticks))


def _pages_of(data: bytes, count: int) -> PdfWriter:
    writer = PdfWriter()
    page = PdfReader(io.BytesIO(data)).pages[0]
    for _ in range(count):
        writer.add_page(page)
    return writer


def test_a_windows_1252_text_file_is_read_and_the_facilitator_told(db):
    text = REPORT_TEXT.replace("a clear message", "a “clear” message – the group’s view –")
    report = apply.import_bytes(text.encode("cp1252"), "report.txt", new_group_name="ANSI")
    assert report.proposals.filter(text__contains="a “clear” message – the group’s view").exists()
    assert "Windows-1252" in report.message


def stuck(attempts: int, media_root) -> ImportedReport:
    """A report a worker started reading an hour ago, then died."""
    report = ImportedReport(
        new_group_name="Stuck",
        original_name="report.txt",
        format="txt",
        status=ImportedReport.Status.READING,
        progress=40,
        attempts=attempts,
        started_at=timezone.now() - datetime.timedelta(hours=1),
    )
    report.document.save("report.txt", ContentFile(REPORT_TEXT.encode()), save=False)
    report.save()
    return report


def test_an_import_whose_worker_died_is_read_again(db, media_root):
    report = stuck(attempts=1, media_root=media_root)
    recent = stuck(attempts=1, media_root=media_root)
    ImportedReport.objects.filter(pk=recent.pk).update(started_at=timezone.now())
    assert sweep_stale_imports() == 1
    report.refresh_from_db()
    # The test settings' worker runs at once: read again, this time to the end.
    assert report.status == ImportedReport.Status.READY
    assert report.attempts == 2
    recent.refresh_from_db()
    assert recent.status == ImportedReport.Status.READING  # still within its time


def test_an_import_whose_worker_died_twice_fails_with_a_message(client, superuser, media_root):
    report = stuck(attempts=2, media_root=media_root)
    client.force_login(superuser)
    page = client.get(reverse("admin:imports_importedreport_review", args=[report.pk]))
    assert page.status_code == 200
    report.refresh_from_db()
    assert report.status == ImportedReport.Status.FAILED
    assert "stopped 2 times without finishing" in report.message
    assert "Upload it again" in page.content.decode()


def test_an_unexpected_error_while_reading_fails_the_import_with_a_message(
    db, media_root, monkeypatch
):
    def broken(document):
        raise RuntimeError("a bug in a rule")

    monkeypatch.setattr("imports.apply.extract", broken)
    report = ImportedReport(new_group_name="Broken", original_name="report.txt", format="txt")
    report.document.save("report.txt", ContentFile(REPORT_TEXT.encode()), save=False)
    report.save()
    import_report.enqueue(report.pk)  # the test settings' worker runs it at once
    report.refresh_from_db()
    assert report.status == ImportedReport.Status.FAILED
    assert "failed unexpectedly, and nothing was imported" in report.message


def test_a_document_of_too_many_paragraphs_is_refused(db, media_root):
    data = b"".join(b"Paragraph %d of a very long file.\n\n" % n for n in range(3500))
    with pytest.raises(ImportRefused, match="3,500 paragraphs; a report .* at most 3,000"):
        apply.import_bytes(data, "long.txt", new_group_name="Long")
    assert ImportedReport.objects.count() == 0
