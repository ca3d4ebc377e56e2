from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from cyscp import registry


def _file_fields():
    """(model, field) for every uploaded-file field of content."""
    for label in registry.app_labels():
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    yield model, field


class Command(BaseCommand):
    help = (
        "Copy the uploaded files (documents, the hub's picture) from a folder on disk "
        "into the storage the settings name (MEDIA_STORAGE, e.g. an S3 bucket), under "
        "the same names, so their public addresses keep working. Files already in the "
        "storage are left alone, so it is safe to run again. The folder is not changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="folder",
            type=Path,
            default=None,
            help="The folder the files are in now. Default: MEDIA_ROOT.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be copied; copy nothing."
        )

    def handle(self, *args, folder, dry_run, **options):
        folder = Path(folder or settings.MEDIA_ROOT)
        if not folder.is_dir():
            raise CommandError(f"There is no folder at {folder}.")
        copied, present, missing = 0, 0, []
        for model, field in _file_fields():
            names = (
                model._default_manager.exclude(**{field.name: ""})
                .values_list(field.name, flat=True)
                .distinct()
            )
            for name in names:
                if field.storage.exists(name):
                    present += 1
                    continue
                source = (folder / name).resolve()
                if not source.is_relative_to(folder.resolve()) or not source.is_file():
                    missing.append(name)
                    continue
                if not dry_run:
                    with source.open("rb") as handle:
                        saved = field.storage.save(name, File(handle, name=name))
                    if saved != name:  # the storage would not keep the name
                        raise CommandError(f"The storage saved {name} as {saved}; stopped.")
                copied += 1
        verb = "Would copy" if dry_run else "Copied"
        self.stdout.write(f"{verb} {copied}; {present} already in the storage.")
        if missing:
            listed = "\n  ".join(missing)
            raise CommandError(
                f"{len(missing)} file(s) named in the database are not in {folder}:\n  {listed}"
            )
