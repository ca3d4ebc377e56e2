import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from cyscp.models import Document
from tests.briefings.factories import BriefingFactory
from tests.factories import DocumentFactory, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


OOXML = "application/vnd.openxmlformats-officedocument"


def office_file(folder, main_part, main_type, *, extra=()):
    """An Office Open XML archive laid out as Word, PowerPoint and Excel save them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{folder}{main_part}" ContentType="{main_type}"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(f"{folder}{main_part}", "<document/>")
        for name in extra:
            archive.writestr(name, b"\x00")
    return buffer.getvalue()


WORD = ("word/", "document.xml", f"{OOXML}.wordprocessingml.document.main+xml")
POWERPOINT = ("ppt/", "presentation.xml", f"{OOXML}.presentationml.presentation.main+xml")
EXCEL = ("xl/", "workbook.xml", f"{OOXML}.spreadsheetml.sheet.main+xml")


def open_document(name, *, extra=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{name}")
        archive.writestr("content.xml", "<office:document-content/>")
        for entry in extra:
            archive.writestr(entry, "<module/>")
    return buffer.getvalue()


def ole_file(directory):
    """An old-format (OLE compound file) Word document: its signature, a
    header filetype reads as .doc, and the given directory bytes."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    word_stream = b"\xec\xa5\xc1\x00"  # where Word's own stream starts
    return header + word_stream + "WordDocument".encode("utf-16-le") + directory + b"\x00" * 1024


def upload(
    admin_client, name, content, *, title="Hull SCP slides", url="/admin/cyscp/document/add/"
):
    return admin_client.post(
        url,
        {"title": title, "slug": "hull-scp-slides", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content", "extension", "content_type"),
    [
        ("briefing.pdf", pdf_bytes(), "pdf", "application/pdf"),
        (
            "briefing.docx",
            office_file(*WORD),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "slides.pptx",
            office_file(*POWERPOINT),
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            "plan.xlsx",
            office_file(*EXCEL),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("notes.odt", open_document("text"), "odt", "application/vnd.oasis.opendocument.text"),
        ("minutes.doc", ole_file(b""), "doc", "application/msword"),
        # The name does not decide the type; the content does.
        ("slides-without-extension", office_file(*POWERPOINT), "pptx", None),
    ],
)
def test_allowed_files_are_recognised_by_their_content(
    admin_client, name, content, extension, content_type
):
    response = upload(admin_client, name, content)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.extension == extension
    if content_type:
        assert document.content_type == content_type
    assert document.size == len(content)
    assert document.get_absolute_url() == f"/documents/{document.pk}/hull-scp-slides.{extension}"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("briefing.pdf", b"<html><script>alert(1)</script></html>"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 200),
        ("briefing.docx", b"PK\x03\x04 not really a zip"),
        (
            "archive.pdf",
            office_file(*WORD).replace(b"[Content_Types]", b"[Something_Else]"),
        ),
        ("picture.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        # A PowerPoint show and a Word template are not the documents they would be served as.
        (
            "show.pptx",
            office_file("ppt/", "presentation.xml", f"{OOXML}.presentationml.slideshow.main+xml"),
        ),
        (
            "letter.docx",
            office_file("word/", "document.xml", f"{OOXML}.wordprocessingml.template.main+xml"),
        ),
    ],
)
def test_other_files_are_refused_with_a_message_that_says_what_is_allowed(
    admin_client, name, content
):
    response = upload(admin_client, name, content)
    assert response.status_code == 200
    assert f"“{name}” is not a PDF, Word, PowerPoint, Excel or OpenDocument file." in response.text
    assert not Document.objects.exists()


def test_an_oversized_file_is_refused(admin_client, settings):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 1024
    response = upload(admin_client, "big.pdf", pdf_bytes(padding=2000))
    assert "files must be no larger than 1.0\xa0KB" in response.text
    assert not Document.objects.exists()


def test_an_empty_file_is_refused(admin_client):
    response = upload(admin_client, "empty.pdf", b"")
    assert response.status_code == 200
    assert "The file is empty. Choose the saved PDF, Word, PowerPoint" in response.text
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "minutes.docx",
            office_file(
                "word/", "document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"
            ),
        ),
        ("plan.xlsx", office_file(*EXCEL, extra=["xl/vbaProject.bin"])),
        ("notes.odt", open_document("text", extra=["Basic/Standard/Module1.xml"])),
        (
            "old.doc",
            ole_file(
                b"Root Entry".decode().encode("utf-16-le") + "_VBA_PROJECT".encode("utf-16-le")
            ),
        ),
    ],
)
def test_office_files_with_macros_are_refused(admin_client, name, content):
    response = upload(admin_client, name, content)
    assert response.status_code == 200
    assert f"“{name}” contains macros, which are not allowed on the public site." in response.text
    assert not Document.objects.exists()


def test_the_document_page_says_what_uses_the_file_and_whether_it_is_public(admin_client):
    document = DocumentFactory()
    unused = admin_client.get(f"/admin/cyscp/document/{document.pk}/change/").text
    assert "the file is not public until published content uses it" in unused

    BriefingFactory(title="Hull SCP briefing", documents=[document], draft=True)
    used = admin_client.get(f"/admin/cyscp/document/{document.pk}/change/").text
    assert "Hull SCP briefing</a> (not public)" in used


def test_replacing_the_file_keeps_the_address_and_removes_the_old_file(
    admin_client, client, media, django_capture_on_commit_callbacks
):
    document = DocumentFactory(slug="hull-scp-slides")
    BriefingFactory(documents=[document])
    address = document.get_absolute_url()
    old_path = media / document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            admin_client,
            "new-version.pdf",
            pdf_bytes("second version"),
            url=f"/admin/cyscp/document/{document.pk}/change/",
        )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.get_absolute_url() == address
    assert b"second version" in b"".join(client.get(address).streaming_content)
    assert not old_path.exists()


def test_a_bad_replacement_keeps_the_saved_file(admin_client, client):
    document = DocumentFactory(slug="hull-scp-slides", title="Slides")
    BriefingFactory(documents=[document])
    before = document.file.name

    response = upload(
        admin_client, "virus.pdf", b"MZ\x90", url=f"/admin/cyscp/document/{document.pk}/change/"
    )

    assert response.status_code == 200
    document.refresh_from_db()
    assert document.file.name == before
    assert client.get(document.get_absolute_url()).status_code == 200


def test_download_is_served_with_its_type_and_name(client):
    document = DocumentFactory(slug="poppy-briefing")
    BriefingFactory(documents=[document])

    response = client.get(document.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="poppy-briefing.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_word_document_downloads_as_an_attachment(client):
    document = Document.objects.create(
        title="Action plan",
        slug="action-plan",
        file=ContentFile(office_file(*WORD), name="plan.docx"),
    )
    BriefingFactory(documents=[document])
    response = client.get(document.get_absolute_url())
    assert response["Content-Disposition"] == 'attachment; filename="action-plan.docx"'


def test_a_document_used_only_by_drafts_is_404_to_the_public(client, staff_user):
    document = DocumentFactory()
    BriefingFactory(documents=[document], draft=True)
    BriefingFactory(documents=[document], scheduled=True)

    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_document_used_by_nothing_is_404_to_the_public(client):
    assert client.get(DocumentFactory().get_absolute_url()).status_code == 404


def test_a_document_is_public_once_published_content_uses_it(client):
    document = DocumentFactory()
    BriefingFactory(documents=[document], draft=True)
    BriefingFactory(documents=[document])
    assert client.get(document.get_absolute_url()).status_code == 200


def test_an_old_address_leads_to_the_current_one(client):
    document = DocumentFactory(slug="current-name")
    BriefingFactory(documents=[document])
    response = client.get(f"/documents/{document.pk}/old-name.docx")
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()


def test_a_download_is_checked_again_each_time_and_unchanged_files_are_not_resent(client):
    document = DocumentFactory()
    briefing = BriefingFactory(documents=[document])
    first = client.get(document.get_absolute_url())
    assert first["Cache-Control"] == "no-cache"

    again = client.get(document.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304

    briefing.status = "draft"
    briefing.save()
    unpublished = client.get(
        document.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert unpublished.status_code == 404


def test_a_missing_file_is_a_404_not_a_500(client, media):
    document = DocumentFactory()
    BriefingFactory(documents=[document])
    (media / document.file.name).unlink()
    assert client.get(document.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("address", ["/documents/999/nothing.pdf", "/documents/abc/x.pdf"])
def test_unknown_documents_are_404(client, address):
    assert client.get(address).status_code == 404


def test_a_file_put_in_storage_by_code_is_still_checked(media):
    document = DocumentFactory()
    document.file.save("notes.pdf", ContentFile(b"<html><script>alert(1)</script>"), save=False)
    with pytest.raises(ValidationError, match="is not a PDF, Word, PowerPoint"):
        document.save()
    document.refresh_from_db()
    assert document.extension == "pdf"


def test_the_admin_links_the_current_file_to_its_public_address(admin_client):
    document = DocumentFactory(slug="hull-scp-slides")
    page = admin_client.get(f"/admin/cyscp/document/{document.pk}/change/").text
    assert f'href="{document.get_absolute_url()}">hull-scp-slides' in page
    assert 'href="/media/' not in page
