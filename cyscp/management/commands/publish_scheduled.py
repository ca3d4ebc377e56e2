from django.core.management.base import BaseCommand
from django.db import DatabaseError

from cyscp.workflow import publish_due_changes


class Command(BaseCommand):
    help = (
        "Publish the changes to published items that a publisher approved for a time "
        "that has now come. Run it from cron every minute; running it twice, or in "
        "two places at once, publishes each change once."
    )

    def handle(self, *args, **options):
        try:
            published = publish_due_changes()
        except DatabaseError as error:
            self.stderr.write(f"The database could not be reached: {error}")
            raise SystemExit(1) from None
        self.stdout.write(f"Published {published} scheduled change{'s' if published != 1 else ''}.")
