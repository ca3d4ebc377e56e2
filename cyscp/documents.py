"""Checking uploaded documents by what they contain, not what they are called.

A file named report.pdf that is really HTML could run script when opened
from our address, so the name is never trusted: filetype reads the file's
signature, and for the ZIP-based Office and OpenDocument formats the
archive's own table of contents is checked too.
"""

import re
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class DocumentType:
    extension: str
    mime: str
    label: str


ALLOWED = {
    t.extension: t
    for t in [
        DocumentType("pdf", "application/pdf", "PDF"),
        DocumentType("doc", "application/msword", "Word document"),
        DocumentType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word document",
        ),
        DocumentType("ppt", "application/vnd.ms-powerpoint", "PowerPoint presentation"),
        DocumentType(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint presentation",
        ),
        DocumentType("xls", "application/vnd.ms-excel", "Excel spreadsheet"),
        DocumentType(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel spreadsheet",
        ),
        DocumentType("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text"),
        DocumentType(
            "odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument presentation"
        ),
        DocumentType(
            "ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet"
        ),
    ]
}
BY_MIME = {t.mime: t for t in ALLOWED.values()}
ALLOWED_DESCRIPTION = "PDF, Word, PowerPoint, Excel or OpenDocument"

# An Office Open XML file names the content type of its main part in the
# archive's [Content_Types].xml. Only the ordinary document, presentation and
# workbook are accepted: macro-enabled files, templates and slide shows would
# be served under a name and type that misdescribe them.
OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
CONTENT_TYPE_ATTRIBUTE = re.compile(r"""ContentType\s*=\s*["']([^"']+)["']""")
# [Content_Types].xml is a few KB; a huge one is not an Office file.
CONTENT_TYPES_LIMIT = 1024 * 1024


class MacrosFound(Exception):
    """An Office file that carries macros: refused, with its own message."""


def max_upload_size() -> int:
    return settings.DOCUMENT_MAX_UPLOAD_SIZE


def _zip_type(upload) -> DocumentType | None:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mime = archive.read("mimetype").decode("ascii", "replace").strip()
                if not mime.startswith("application/vnd.oasis"):
                    return None
                # OpenDocument keeps macros in Basic/ (and scripts in Scripts/).
                if any(name.startswith(("Basic/", "Scripts/")) for name in names):
                    raise MacrosFound
                return BY_MIME.get(mime)
            if "[Content_Types].xml" in names:
                if archive.getinfo("[Content_Types].xml").file_size > CONTENT_TYPES_LIMIT:
                    return None
                declared = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                types = CONTENT_TYPE_ATTRIBUTE.findall(declared)
                if any("macroenabled" in t.lower() for t in types) or any(
                    name.lower().endswith("vbaproject.bin") for name in names
                ):
                    raise MacrosFound
                for content_type in types:
                    if content_type in OOXML_MAIN_TYPES:
                        return ALLOWED[OOXML_MAIN_TYPES[content_type]]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError):
        return None
    return None


def detect(upload) -> DocumentType | None:
    """The allowed type this file really is, or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.extension in {"zip", "docx", "pptx", "xlsx", "odt", "odp", "ods"}:
        return _zip_type(upload)
    found = ALLOWED.get(guess.extension)
    if found and found.extension in {"doc", "xls", "ppt"} and _has_vba_project(upload):
        raise MacrosFound
    return found


# The old Word, Excel and PowerPoint formats keep macros in a storage whose
# directory entry is named _VBA_PROJECT, written in UTF-16.
VBA_PROJECT = "_VBA_PROJECT".encode("utf-16-le")


def _has_vba_project(upload) -> bool:
    upload.seek(0)
    overlap, previous = len(VBA_PROJECT), b""
    try:
        for chunk in iter(lambda: upload.read(1024 * 1024), b""):
            if VBA_PROJECT in previous[-overlap:] + chunk:
                return True
            previous = chunk
        return False
    finally:
        upload.seek(0)


def validate_upload(upload) -> DocumentType:
    """Raise a ValidationError a member of staff can act on; return the type."""
    limit = max_upload_size()
    if upload.size > limit:
        raise ValidationError(
            f"“{upload.name}” is {filesizeformat(upload.size)}; "
            f"files must be no larger than {filesizeformat(limit)}.",
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(
            f"“{upload.name}” is empty. Choose the saved {ALLOWED_DESCRIPTION} file.",
            code="empty",
        )
    try:
        found = detect(upload)
    except MacrosFound:
        raise ValidationError(
            f"“{upload.name}” contains macros, which are not allowed on the public site. "
            "Save it as an ordinary Word, PowerPoint or Excel file (.docx, .pptx or .xlsx) "
            "and try again.",
            code="macros",
        ) from None
    if found is None:
        raise ValidationError(
            f"“{upload.name}” is not a {ALLOWED_DESCRIPTION} file. Only those can be uploaded; "
            "save or export the file in one of them and try again.",
            code="not_allowed",
        )
    return found
