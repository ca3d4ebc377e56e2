"""Documents in object storage (django-storages' S3 backend, against moto's
S3-compatible server on loopback): the public addresses keep their rules —
public only while published content uses the file, checked again on every
download, never stale after a replace — and a storage that stops answering
gives 503 for documents while pages stay up."""

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings

from cyscp.models import Document
from tests.briefings.factories import BriefingFactory
from tests.cyscp.test_documents import upload
from tests.factories import DocumentFactory, pdf_bytes
from tests.servers import s3_server, s3_storages

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def endpoint():
    with s3_server() as address:
        yield address


@pytest.fixture
def bucket(endpoint, request):
    name = f"documents-{abs(hash(request.node.name)) % 10**8}"
    with override_settings(STORAGES=s3_storages(endpoint, name)):
        yield boto3.resource(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="eu-west-2",
        ).Bucket(name)


def keys(bucket):
    return sorted(item.key for item in bucket.objects.all())


def download(client, document, **headers):
    response = client.get(document.get_absolute_url(), **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_an_upload_is_stored_in_the_bucket_and_public_once_published(admin_client, client, bucket):
    assert upload(admin_client, "slides.pdf", pdf_bytes("Hull slides")).status_code == 302
    document = Document.objects.get()
    assert keys(bucket) == [document.file.name]
    assert download(client, document)[0].status_code == 404  # nothing published uses it

    briefing = BriefingFactory(documents=[document])
    response, body = download(client, document)
    assert response.status_code == 200 and b"Hull slides" in body
    assert response["Cache-Control"] == "no-cache"

    again, _ = download(client, document, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304
    briefing.status = "draft"
    briefing.save()
    gone, _ = download(client, document, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert gone.status_code == 404


def test_a_replaced_file_is_never_served_stale_and_the_old_object_goes(
    admin_client, client, bucket, django_capture_on_commit_callbacks
):
    upload(admin_client, "slides.pdf", pdf_bytes("first version"))
    document = Document.objects.get()
    BriefingFactory(documents=[document])
    first, _ = download(client, document)
    old_key = document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        replaced = upload(
            admin_client,
            "slides.pdf",
            pdf_bytes("second version"),
            url=f"/admin/cyscp/document/{document.pk}/change/",
        )
    assert replaced.status_code == 302
    document.refresh_from_db()
    # A browser asks again with what it has; the replacement is sent.
    response, body = download(
        client,
        document,
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert response.status_code == 200
    assert b"second version" in body and b"first version" not in body
    assert keys(bucket) == [document.file.name] and old_key not in keys(bucket)


def test_a_file_missing_from_the_bucket_is_a_404(client, bucket):
    document = DocumentFactory()
    BriefingFactory(documents=[document])
    bucket.Object(document.file.name).delete()
    assert download(client, document)[0].status_code == 404


def test_documents_answer_503_while_the_storage_is_down_and_pages_stay_up(client):
    server = s3_server()
    address = server.__enter__()
    with override_settings(STORAGES=s3_storages(address, "documents-down")):
        document = DocumentFactory()
        BriefingFactory(documents=[document])
        assert download(client, document)[0].status_code == 200
        server.__exit__(None, None, None)  # the storage stops answering

        response, _ = download(client, document)
        assert response.status_code == 503
        assert response["Retry-After"]
        assert "Sorry, the service is unavailable" in response.content.decode()
        assert client.get("/learning/").status_code == 200
        assert client.get("/learning/briefings/").status_code == 200
        readiness = client.get("/healthz?full=1")
        assert readiness.status_code == 503 and "storage: unavailable" in readiness.text
        assert client.get("/healthz").status_code == 200


def test_moving_files_from_disk_to_the_bucket_is_one_command(bucket, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        on_disk = [DocumentFactory(title=f"Slides {n}") for n in range(3)]
    call_command("move_files_to_storage", "--from", str(tmp_path), verbosity=0)
    assert keys(bucket) == sorted(document.file.name for document in on_disk)
    # Safe to run again: nothing is copied twice.
    call_command("move_files_to_storage", "--from", str(tmp_path), verbosity=0)
    assert len(keys(bucket)) == 3
    BriefingFactory(documents=on_disk)
    from django.test import Client

    assert download(Client(), on_disk[0])[0].status_code == 200


def test_a_large_download_waits_on_disk_not_in_memory(bucket):
    """Many visitors fetching a large report at once must not fill the
    server's memory: past 1 MB, a fetched object is spooled to a file."""
    from cyscp.services import open_stored

    small = DocumentFactory()
    large = DocumentFactory(file=ContentFile(pdf_bytes("Report", padding=3_000_000), "r.pdf"))
    assert not open_stored(small.file).file.file._rolled
    handle = open_stored(large.file)
    assert handle.file.file._rolled
    assert len(handle.read()) > 3_000_000
