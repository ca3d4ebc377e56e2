"""Invented content of every kind, to look around the site or benchmark it.

`make run` never calls this command: it loads only the partnership's real
content. See cyscp.demo for how demo content is marked and found again.
"""

from django.core.management.base import BaseCommand, CommandError

from cyscp import demo
from cyscp.content.loader import LoadError


def case_review_count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"--case-reviews needs a whole number, not “{value}”.") from None
    if not 1 <= number <= demo.MAX_CASE_REVIEWS:
        raise CommandError(
            f"--case-reviews must be between 1 and {demo.MAX_CASE_REVIEWS:,}, not {number:,}."
        )
    return number


def plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


class Command(BaseCommand):
    help = (
        "Make invented case reviews, Panel publications, 7 point briefings, JTAI guides and "
        "masterclasses, all marked as invented, to look around the site or benchmark it. "
        "Running it again adds more; --delete removes all of it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--case-reviews",
            metavar="N",
            help=f"How many case reviews to make (default {demo.DEFAULT_CASE_REVIEWS}, "
            f"at most {demo.MAX_CASE_REVIEWS:,}); {demo.DEFAULT_OF_EACH} of each other kind "
            "are made too.",
        )
        parser.add_argument(
            "--delete", action="store_true", help="Remove all demo content and stop."
        )

    def handle(self, *args, case_reviews=None, delete=False, **options):
        if delete:
            if case_reviews is not None:
                raise CommandError("Give --delete on its own: it removes all demo content.")
            deleted = demo.delete()
            parts = ", ".join(f"{count:,} {label}" for label, count in deleted.items())
            self.stdout.write(f"Deleted the demo content: {parts}.")
            return
        count = (
            demo.DEFAULT_CASE_REVIEWS if case_reviews is None else case_review_count(case_reviews)
        )
        try:
            made = demo.generate(case_reviews=count)
        except LoadError as exc:
            raise CommandError(
                f"The partnership's themes could not be loaded, so nothing was made: {exc}"
            ) from None
        self.stdout.write(
            f"Made {plural(made.case_reviews, 'case review', 'case reviews')}, "
            f"{plural(made.panel_publications, 'Panel publication', 'Panel publications')}, "
            f"{plural(made.briefings, 'briefing', 'briefings')}, "
            f"{plural(made.jtai_guides, 'JTAI guide', 'JTAI guides')} and "
            f"{plural(made.masterclasses, 'masterclass', 'masterclasses')}, all invented, "
            f"for “{demo.DEMO_PARTNERSHIP['name']}”. Remove them with --delete."
        )
