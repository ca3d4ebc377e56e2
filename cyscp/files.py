"""How a downloadable file is described to a reader: its type and size."""

from pathlib import PurePosixPath

from django.template.defaultfilters import filesizeformat

FILE_TYPES = {
    ".pdf": "PDF",
    ".doc": "Word document",
    ".docx": "Word document",
    ".odt": "OpenDocument text",
    ".ppt": "PowerPoint presentation",
    ".pptx": "PowerPoint presentation",
    ".odp": "OpenDocument presentation",
    ".xls": "Excel spreadsheet",
    ".xlsx": "Excel spreadsheet",
    ".ods": "OpenDocument spreadsheet",
}


def file_type(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    return FILE_TYPES.get(suffix, suffix.lstrip(".").upper() or "File")


def describe(field_file) -> str:
    """“PDF, 1.2 MB”; the size is left out if the stored file cannot be read."""
    kind = file_type(field_file.name)
    try:
        return f"{kind}, {filesizeformat(field_file.size)}"
    except (OSError, ValueError):
        return kind
