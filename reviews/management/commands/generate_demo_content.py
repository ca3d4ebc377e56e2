"""Invented case reviews for development and benchmarks.

Everything it makes belongs to one partnership, “Demo Safeguarding Children
Partnership (invented content)”, so demo content is never confused with the
partnership's real learning, and `--delete` removes all of it. `make run`
never calls this command.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cyscp.models import Partnership, Theme
from reviews.models import CaseReview

DEMO_PARTNERSHIP = {
    "slug": "demo-invented-content",
    "name": "Demo Safeguarding Children Partnership (invented content)",
    "area": "Demo",
    "short_name": "Demo (invented)",
}
MAX_REVIEWS = 200_000


def positive_count(value):
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"--case-reviews needs a whole number, not “{value}”.") from None
    if not 0 < number <= MAX_REVIEWS:
        raise CommandError(f"--case-reviews must be between 1 and {MAX_REVIEWS:,}.")
    return number


class Command(BaseCommand):
    help = "Make invented case reviews for development and benchmarks (never real content)."

    def add_arguments(self, parser):
        parser.add_argument("--case-reviews", type=str, metavar="N", help="How many to make.")
        parser.add_argument(
            "--delete", action="store_true", help="Remove all demo content and stop."
        )

    def handle(self, *args, case_reviews=None, delete=False, **options):
        if delete:
            _, deleted = CaseReview.objects.filter(
                partnership__slug=DEMO_PARTNERSHIP["slug"]
            ).delete()
            Partnership.objects.filter(slug=DEMO_PARTNERSHIP["slug"]).delete()
            reviews = deleted.get(CaseReview._meta.label, 0)
            self.stdout.write(f"Deleted {reviews} demo case review{'s' * (reviews != 1)}.")
            return
        if case_reviews is None:
            raise CommandError("Say how many: --case-reviews N (or --delete).")
        count = positive_count(case_reviews)

        try:
            from tests.reviews.factories import CaseReviewFactory
        except ImportError as exc:  # factory-boy is a development dependency
            raise CommandError(
                f"The demo factories need the development dependencies: {exc}"
            ) from None

        partnership, _ = Partnership.objects.get_or_create(
            slug=DEMO_PARTNERSHIP["slug"], defaults=DEMO_PARTNERSHIP
        )
        themes = list(Theme.objects.all()[:12])
        # Number on from the highest demo address, not the count: after some
        # were deleted by hand, the count would reuse an address still taken.
        slugs = CaseReview.objects.filter(slug__startswith="demo-").values_list("slug", flat=True)
        start = max((int(s[5:]) for s in slugs if s[5:].isdigit()), default=0)
        with transaction.atomic():
            for index in range(start, start + count):
                CaseReviewFactory(
                    partnership=partnership,
                    slug=f"demo-{index + 1}",
                    title=f"Demo case review {index + 1} (invented)",
                    themes=themes[index % len(themes) : index % len(themes) + 2] if themes else [],
                )
        self.stdout.write(
            f"Made {count} invented case reviews for “{partnership.name}”. "
            "Remove them with --delete."
        )
