"""Invented content of every kind, to look around the site and to benchmark it.

Everything made here says it is invented: case reviews and briefings belong
to the demo partnership, “Demo Safeguarding Children Partnership (invented
content)”, every title ends “(invented)” and every summary says so. Addresses
start “demo-”, so `delete()` finds all of it and nothing real. It uses the
site's own dependencies only, so it runs on a production install too.
"""

import datetime
import random
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from briefings.models import USUAL_HEADINGS, Briefing, BriefingPoint, Inspectorate, JtaiGuide
from cyscp import registry
from cyscp.content.loader import Loader
from cyscp.content.tables import tables
from cyscp.models import Document, Partnership, Theme
from cyscp.publishing import Status
from events.models import Format, Masterclass, Presentation, Speaker
from reviews.models import CaseReview, PanelPublication, PublicationKind, ReviewType

from . import writing
from .pdf import one_page_pdf
from .writing import INVENTED, INVENTED_NOTE

DEMO_PARTNERSHIP = {
    "slug": "demo-invented-content",
    "name": "Demo Safeguarding Children Partnership (invented content)",
    "area": "Demo",
    "short_name": "Demo (invented)",
}
CONTENT_FILE = Path(settings.BASE_DIR) / "cyscp" / "content" / "learning.toml"
MAX_CASE_REVIEWS = 100_000
DEFAULT_CASE_REVIEWS = 50
DEFAULT_OF_EACH = 5
BATCH = 2_000
LONDON = ZoneInfo("Europe/London")

# Each kind's addresses: "demo-" and a number. Case reviews keep the plain
# "demo-<n>" they have always had, so older demo data still counts.
PREFIX = {
    CaseReview: "demo-",
    PanelPublication: "demo-panel-",
    Briefing: "demo-briefing-",
    JtaiGuide: "demo-jtai-",
    Masterclass: "demo-masterclass-",
}
DOCUMENT_PREFIX = "demo-"


@dataclass
class Made:
    case_reviews: int = 0
    panel_publications: int = 0
    briefings: int = 0
    jtai_guides: int = 0
    masterclasses: int = 0
    documents: int = 0
    stored_files: list[str] = field(default_factory=list)


def _next_number(model) -> int:
    """One more than the highest demo address of this kind: a count would
    reuse an address still taken after some were deleted by hand."""
    prefix = PREFIX[model]
    numbers = (
        int(slug[len(prefix) :])
        for slug in model.objects.filter(slug__startswith=prefix).values_list("slug", flat=True)
        if slug[len(prefix) :].isdigit()
    )
    return max(numbers, default=0) + 1


def _content_table(name: str) -> list[dict]:
    with CONTENT_FILE.open("rb") as file:
        return tomllib.load(file).get(name, [])


def _load_from_content_file(*names: str) -> None:
    """Themes and inspectorates are the partnership's own, not invented: on an
    empty database they are loaded from its data file by the content loader,
    so a later `load_learning_content` knows them as its own and keeps them
    up to date, rather than skipping them as made by staff."""
    with CONTENT_FILE.open("rb") as file:
        content = tomllib.load(file)
    Loader([table for table in tables() if table.name in names]).load(content)


def ensure_themes() -> dict[str, Theme]:
    """The partnership's own themes by slug, loaded if missing (an empty database)."""
    rows = _content_table("themes")
    if Theme.objects.filter(slug__in=[row["slug"] for row in rows]).count() < len(rows):
        _load_from_content_file("themes")
    themes = {}
    for row in rows:
        theme = (
            Theme.objects.filter(slug=row["slug"]).first()
            or Theme.objects.filter(name=row["name"]).first()
        )
        if theme is not None:
            themes[row["slug"]] = theme
    return themes


def ensure_inspectorates() -> list[Inspectorate]:
    rows = _content_table("inspectorates")
    short_names = [row["short_name"] for row in rows]
    if Inspectorate.objects.filter(short_name__in=short_names).count() < len(rows):
        _load_from_content_file("inspectorates")
    return list(Inspectorate.objects.filter(short_name__in=short_names))


class Generator:
    def __init__(self, rng: random.Random, made: Made):
        self.rng = rng
        self.made = made
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.themes = ensure_themes()
        self.partnership, _ = Partnership.objects.get_or_create(
            slug=DEMO_PARTNERSHIP["slug"], defaults=DEMO_PARTNERSHIP
        )
        # Demo case reviews made in this run, by theme, for briefings to cite.
        self.reviews_by_theme: dict[str, list[tuple[int, datetime.date]]] = {}

    # -- shared pieces

    def theme_list(self, slugs) -> list[Theme]:
        return [self.themes[slug] for slug in dict.fromkeys(slugs) if slug in self.themes]

    def past_date(self, earliest=datetime.date(2016, 1, 1)) -> datetime.date:
        latest = self.today - datetime.timedelta(days=1)
        return earliest + datetime.timedelta(days=self.rng.randrange((latest - earliest).days))

    def published_on(self, date: datetime.date) -> datetime.datetime:
        moment = datetime.datetime.combine(date, datetime.time(9), tzinfo=LONDON)
        return min(moment, self.now - datetime.timedelta(minutes=1))

    def document(self, title: str, slug: str, line: str) -> Document:
        """A PDF stored through the Document model, checked like an upload."""
        document = Document(
            title=title, slug=slug, file=ContentFile(one_page_pdf(line), name=f"{slug}.pdf")
        )
        document.save()
        self.made.documents += 1
        self.made.stored_files.append(document.file.name)
        return document

    # -- case reviews

    def case_reviews(self, count: int) -> None:
        start = _next_number(CaseReview)
        report = self.document(
            f"Demo case review report {INVENTED}",
            f"{DOCUMENT_PREFIX}case-review-report-{start}",
            f"Demo case review report {INVENTED}: no real child or family is described.",
        )
        through = CaseReview.themes.through
        review_column = f"{CaseReview.themes.field.m2m_field_name()}_id"
        theme_column = f"{CaseReview.themes.field.m2m_reverse_field_name()}_id"
        for first in range(start, start + count, BATCH):
            numbers = range(first, min(first + BATCH, start + count))
            reviews, themes = [], []
            for number in numbers:
                review, slugs = self.case_review(number, report)
                reviews.append(review)
                themes.append(slugs)
            CaseReview.objects.bulk_create(reviews)
            if any(review.pk is None for review in reviews):  # no RETURNING on this database
                ids = dict(
                    CaseReview.objects.filter(slug__in=[r.slug for r in reviews]).values_list(
                        "slug", "pk"
                    )
                )
                for review in reviews:
                    review.pk = ids[review.slug]
            through.objects.bulk_create(
                through(**{review_column: review.pk, theme_column: self.themes[slug].pk})
                for review, slugs in zip(reviews, themes, strict=True)
                for slug in slugs
                if slug in self.themes
            )
            for review, slugs in zip(reviews, themes, strict=True):
                self.reviews_by_theme.setdefault(slugs[0], []).append(
                    (review.pk, review.publication_date)
                )
            self.made.case_reviews += len(reviews)

    def case_review(self, number: int, report: Document) -> tuple[CaseReview, list[str]]:
        rng = self.rng
        topic = rng.choice(writing.TOPICS)
        story = rng.choice(topic.stories)
        themes = [topic.theme, *story.also]
        if rng.random() < 0.3:
            themes.append("multi-agency-working")
        published = self.past_date()
        pseudonym = writing.pseudonym(rng, story.band)
        review = CaseReview(
            title=f"Learning from {pseudonym}: {topic.subject} {INVENTED}",
            slug=f"{PREFIX[CaseReview]}{number}",
            child_pseudonym=pseudonym,
            review_type=rng.choice(ReviewType.values),
            partnership=self.partnership,
            publication_date=published,
            age_band=story.band,
            incident_summary=writing.paragraphs([writing.incident(rng, story), INVENTED_NOTE]),
            background=writing.paragraphs(topic.backgrounds),
            learning=writing.bullet_list(
                [*rng.sample(topic.learning, 2), rng.choice(writing.GENERAL_LEARNING)]
            ),
            recommendations=writing.bullet_list(
                [*topic.recommendations, rng.choice(writing.GENERAL_RECOMMENDATIONS)], tag="ol"
            ),
            review_method=rng.choice(writing.REVIEW_METHODS),
            report=report,
            status=Status.PUBLISHED,
            published_at=self.published_on(published),
        )
        return review, list(dict.fromkeys(themes))

    # -- the other kinds, a handful each, saved one by one as the admin would

    def topics(self, count: int):
        """Topics in a shuffled round, so a handful of items cover different themes."""
        order = []
        while len(order) < count:
            order += self.rng.sample(writing.TOPICS, len(writing.TOPICS))
        return order[:count]

    def panel_publications(self, count: int) -> None:
        start = _next_number(PanelPublication)
        papers = []
        while len(papers) < count:
            papers += self.rng.sample(writing.PANEL_PAPERS, len(writing.PANEL_PAPERS))
        for number, paper in enumerate(papers[:count], start=start):
            published = self.past_date(datetime.date(2019, 1, 1))
            title = paper.title
            period = {}
            if paper.kind == PublicationKind.ANNUAL_REPORT:
                year = published.year - 1
                title = f"{title} {year} to {year + 1}"
                period = {
                    "period_start": datetime.date(year - 1, 4, 1),
                    "period_end": datetime.date(year, 3, 31),
                }
            publication = PanelPublication.objects.create(
                title=f"{title} {INVENTED}",
                slug=f"{PREFIX[PanelPublication]}{number}",
                kind=paper.kind,
                publication_date=published,
                summary=writing.paragraphs([paper.summary, INVENTED_NOTE]),
                key_points=writing.bullet_list(paper.key_points),
                status=Status.PUBLISHED,
                published_at=self.published_on(published),
                **period,
            )
            publication.themes.set(self.theme_list(paper.themes))
            self.made.panel_publications += 1

    def briefings(self, count: int) -> None:
        start = _next_number(Briefing)
        for number, topic in enumerate(self.topics(count), start=start):
            rng = self.rng
            story = rng.choice(topic.stories)
            published = self.past_date(datetime.date(2019, 1, 1))
            title = f"7 point briefing: {topic.subject[0].upper()}{topic.subject[1:]} {INVENTED}"
            # A briefing shares a review published before it, never after.
            cited = [
                pk for pk, date in self.reviews_by_theme.get(topic.theme, []) if date <= published
            ]
            briefing = Briefing.objects.create(
                title=title,
                slug=f"{PREFIX[Briefing]}{number}",
                summary=f"What practitioners can learn about {topic.subject} from an invented "
                f"case review. {INVENTED_NOTE}",
                publication_date=published,
                partnership=self.partnership,
                case_review_id=rng.choice(cited) if cited else None,
                reflection_questions=writing.bullet_list(
                    [
                        f"Where would you have noticed this in your own work on {topic.subject}?",
                        "Who would you have told, and how quickly?",
                    ]
                ),
                status=Status.PUBLISHED,
                published_at=self.published_on(published),
            )
            bodies = [
                writing.paragraphs([writing.incident(rng, story), rng.choice(topic.backgrounds)]),
                writing.paragraphs([topic.why_it_matters]),
                *(writing.paragraphs([text]) for text in rng.sample(topic.learning, 3)),
                writing.paragraphs([topic.to_remember]),
                writing.paragraphs([topic.what_to_do]),
            ]
            BriefingPoint.objects.bulk_create(
                BriefingPoint(briefing=briefing, number=n, heading=heading, body=body)
                for n, (heading, body) in enumerate(zip(USUAL_HEADINGS, bodies, strict=True), 1)
            )
            briefing.refresh_points_text()  # bulk_create skips the points' own save()
            briefing.themes.set(self.theme_list([topic.theme, *topic.also]))
            briefing.documents.set(
                [
                    self.document(
                        title,
                        f"{DOCUMENT_PREFIX}briefing-{number}",
                        f"{title}: invented demonstration content.",
                    )
                ]
            )
            self.made.briefings += 1

    def jtai_guides(self, count: int) -> None:
        start = _next_number(JtaiGuide)
        inspectorates = ensure_inspectorates()
        dives = []
        while len(dives) < count:
            dives += self.rng.sample(writing.JTAI_DEEP_DIVES, len(writing.JTAI_DEEP_DIVES))
        for number, (dive, theme) in enumerate(dives[:count], start=start):
            topic = writing.TOPICS_BY_THEME[theme]
            guide = JtaiGuide.objects.create(
                title=f"JTAI guide: {dive} {INVENTED}",
                slug=f"{PREFIX[JtaiGuide]}{number}",
                inspection_theme=dive,
                summary=f"What a Joint Targeted Area Inspection of {dive.lower()} looks at, and "
                f"how to prepare. {INVENTED_NOTE}",
                body=(
                    "<h2>What inspectors look at</h2>"
                    + writing.paragraphs(
                        [
                            "How agencies at the front door identify and respond to "
                            f"{topic.subject}, and a deep dive into children's records.",
                            topic.why_it_matters,
                        ]
                    )
                    + "<h2>How to prepare</h2>"
                    + writing.bullet_list([topic.what_to_do, topic.to_remember])
                    + writing.paragraphs([INVENTED_NOTE])
                ),
                status=Status.PUBLISHED,
                published_at=self.now - datetime.timedelta(days=self.rng.randrange(1, 700)),
            )
            guide.inspectorates.set(inspectorates)
            guide.themes.set(self.theme_list([theme, "inspection", "multi-agency-working"]))
            self.made.jtai_guides += 1

    def masterclasses(self, count: int) -> None:
        start = _next_number(Masterclass)
        upcoming = count // 2
        for index, topic in enumerate(self.topics(count)):
            rng, number = self.rng, start + index
            # A few days either way, so a second run's events fall on other dates.
            shift = datetime.timedelta(days=rng.randrange(-3, 4))
            if index < upcoming:
                day = self.today + datetime.timedelta(weeks=3 + 4 * index) + shift
            else:
                day = self.today - datetime.timedelta(weeks=6 + 10 * (index - upcoming)) + shift
            begins = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=LONDON)
            event_format = rng.choice(Format.values)
            title = f"Learning Masterclass: {topic.subject[0].upper()}{topic.subject[1:]} "
            title += INVENTED
            masterclass = Masterclass.objects.create(
                title=title,
                slug=f"{PREFIX[Masterclass]}{number}",
                start=begins,
                end=begins + datetime.timedelta(hours=3),
                format=event_format,
                venue=""
                if event_format == Format.ONLINE
                else "Demo Conference Centre (invented)\n1 Example Street\nYork",
                joining_details=""
                if event_format == Format.IN_PERSON
                else "A joining link is sent to those who book (invented event).",
                description=writing.paragraphs(
                    [
                        f"A Learning Masterclass on {topic.subject}: what local reviews found, "
                        f"and what to do. {topic.why_it_matters}",
                        INVENTED_NOTE,
                    ]
                ),
                # No booking link: an invented one would send readers nowhere.
                places=rng.choice([40, 60, 80, 120]),
                status=Status.PUBLISHED,
                published_at=min(
                    self.now - datetime.timedelta(minutes=1),
                    begins - datetime.timedelta(weeks=8),
                ),
            )
            masterclass.themes.set(self.theme_list([topic.theme, *topic.also]))
            Speaker.objects.bulk_create(
                Speaker(
                    masterclass=masterclass,
                    name=f"{rng.choice(writing.FIRST_NAMES)} {rng.choice(writing.SURNAMES)} "
                    + INVENTED,
                    role=role,
                    position=position,
                )
                for position, role in enumerate(rng.sample(writing.SPEAKER_ROLES, 2))
            )
            if index >= upcoming:  # slides are shared after the event
                for position, part in enumerate(["Learning from reviews", "What to do next"]):
                    slides = self.document(
                        f"Slides: {part}, {topic.subject} {INVENTED}",
                        f"{DOCUMENT_PREFIX}masterclass-{number}-slides-{position + 1}",
                        f"Slides: {part} - {title}",
                    )
                    Presentation.objects.create(
                        masterclass=masterclass, document=slides, position=position
                    )
            self.made.masterclasses += 1


def generate(
    case_reviews: int = DEFAULT_CASE_REVIEWS, of_each: int = DEFAULT_OF_EACH, seed=None
) -> Made:
    """Make demo content of every kind, numbered on from what is there."""
    made = Made()
    try:
        with transaction.atomic():
            # Seeded for variety between runs, not secrecy: invented text only.
            rng = random.Random(seed if seed is not None else _next_number(CaseReview))  # noqa: S311
            generator = Generator(rng, made)
            generator.case_reviews(case_reviews)
            generator.panel_publications(of_each)
            generator.briefings(of_each)
            generator.jtai_guides(of_each)
            generator.masterclasses(of_each)
    except BaseException:
        # The rows are rolled back; the files they pointed at must go too.
        storage = Document._meta.get_field("file").storage
        for name in made.stored_files:
            storage.delete(name)
        raise
    return made


def demo_documents():
    return Document.objects.filter(
        slug__startswith=DOCUMENT_PREFIX, title__contains=INVENTED
    ).order_by("pk")


def delete() -> dict[str, int]:
    """Remove every demo item, its points, speakers and slides, the demo
    documents and their files, and the demo partnership. Themes, inspectorates
    and anything real stay."""
    kinds = [
        ("case reviews", CaseReview),
        ("Panel publications", PanelPublication),
        ("briefings", Briefing),
        ("JTAI guides", JtaiGuide),
        ("masterclasses", Masterclass),
    ]
    deleted = dict.fromkeys([label for label, _ in kinds], 0)
    with transaction.atomic():
        for label, model in reversed(kinds):  # briefings before the reviews they cite
            if model in (CaseReview, Briefing):
                items = model.objects.filter(partnership__slug=DEMO_PARTNERSHIP["slug"])
            else:
                items = model.objects.filter(
                    slug__startswith=PREFIX[model], title__contains=INVENTED
                )
            deleted[label] = items.delete()[1].get(model._meta.label, 0)
        # A demo document that staff attached to real content stays with it.
        unused = [document for document in demo_documents() if not registry.used_by(document)]
        names = [document.file.name for document in unused]
        Document.objects.filter(pk__in=[document.pk for document in unused]).delete()
        deleted["documents"] = len(unused)
        storage = Document._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names], robust=True)
        Partnership.objects.filter(
            slug=DEMO_PARTNERSHIP["slug"], case_reviews=None, briefings=None
        ).delete()
    return deleted
