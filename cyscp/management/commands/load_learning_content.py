import tomllib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cyscp.content.loader import Loader, LoadError
from cyscp.content.tables import tables

DEFAULT_FILE = Path(settings.BASE_DIR) / "cyscp" / "content" / "learning.toml"


class Command(BaseCommand):
    help = (
        "Load the partnership's learning content from the data file. Safe to run "
        "again: it creates what is missing, updates what the file changed, and "
        "never overwrites a record that staff have edited since it was loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=DEFAULT_FILE, help=f"Default: {DEFAULT_FILE}"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            content = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"No content file at {file}.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise CommandError(f"{file} is not valid TOML: {exc}") from None

        known = [table.name for table in tables()]
        if not any(table in content for table in known):
            raise CommandError(
                f"{file} holds none of the content tables ({', '.join(known)}); nothing to load."
            )
        try:
            report = Loader(tables()).load(content, dry_run=dry_run)
        except LoadError as exc:
            raise CommandError(f"Nothing was loaded. {file}: {exc}") from None

        prefix = "Would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}{'c' if dry_run else 'C'}reated {len(report.created)}, "
            f"updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
            f"skipped {len(report.skipped)}."
        )
        for label in report.updated:
            self.stdout.write(f"  updated {label}")
        for label in report.skipped:
            self.stdout.write(self.style.WARNING(f"  skipped {label}"))
