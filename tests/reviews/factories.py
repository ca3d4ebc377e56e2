"""Realistic invented case reviews and Panel publications.

Used by the tests and by `manage.py generate_demo_content`; every review is
made up, and the pseudonyms are drawn from a list, never from real cases.
"""

import datetime
import random

import factory
from factory import fuzzy

from reviews.models import AgeBand, CaseReview, PanelPublication, PublicationKind, ReviewType
from tests.factories import PartnershipFactory, PublishableFactory

PSEUDONYMS = [
    "Child A", "Child B", "Child C", "Child D", "Baby E", "Child F", "Child G", "Baby H",
    "Sam", "Alex", "Jordan", "Riley", "Charlie", "Frankie", "Jamie", "Robin",
]  # fmt: skip

INCIDENTS = [
    "A {age}-month-old baby was admitted to hospital with a fractured skull and bruising; "
    "the injuries were judged to be non-accidental.",
    "A {age}-year-old girl died at home; neglect over several years was a factor in her death.",
    "A {age}-year-old boy was seriously injured in a knife attack after months of going missing "
    "from home and school.",
    "A {age}-year-old child disclosed sexual abuse by a family member to a teacher.",
    "A {age}-year-old boy was found living in a home with domestic abuse and parental substance "
    "misuse, with no food and no heating.",
]

BACKGROUNDS = [
    "The family had moved between three local authorities in two years, and records did "
    "not follow them.",
    "The child's mother was known to adult mental health services; the father had previous "
    "convictions for violence that children's services did not know about.",
    "The child was known to early help services and had been on a child in need plan that "
    "closed six months before the incident.",
    "The child lived with kinship carers under a special guardianship order; support for the "
    "carers had ended when the order was made.",
]

LEARNING = [
    "Professionals did not share what they knew about the father's history.",
    "The child's voice was not heard: no one spoke with the child alone.",
    "Bruising in a non-mobile infant was not treated as a safeguarding concern.",
    "Escalation policies were not used when agencies disagreed about risk.",
    "Missed health appointments were not followed up as possible neglect.",
    "Assessments were not updated when new information came to light.",
]


def _paragraphs(items):
    return "".join(f"<p>{item}</p>" for item in items)


class CaseReviewFactory(PublishableFactory):
    class Meta:
        model = CaseReview
        skip_postgeneration_save = True

    child_pseudonym = factory.LazyFunction(lambda: random.choice(PSEUDONYMS))
    title = factory.Sequence(lambda n: f"Learning from a serious incident, case {n}")
    slug = factory.Sequence(lambda n: f"case-review-{n}")
    review_type = fuzzy.FuzzyChoice(ReviewType.values)
    partnership = factory.SubFactory(PartnershipFactory)
    publication_date = fuzzy.FuzzyDate(datetime.date(2015, 1, 1), datetime.date(2026, 10, 31))
    age_band = fuzzy.FuzzyChoice(AgeBand.values)
    incident_summary = factory.LazyFunction(
        lambda: _paragraphs([random.choice(INCIDENTS).format(age=random.randint(2, 15))])
    )
    background = factory.LazyFunction(lambda: _paragraphs(random.sample(BACKGROUNDS, 2)))
    learning = factory.LazyFunction(lambda: _paragraphs(random.sample(LEARNING, 3)))
    recommendations = "<ol><li>Share information early.</li><li>Speak with the child.</li></ol>"
    review_method = "Systems review"
    report_url = factory.LazyAttribute(lambda r: f"https://reports.example.org/{r.slug}.pdf")

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class PanelPublicationFactory(PublishableFactory):
    class Meta:
        model = PanelPublication
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Panel paper {n}")
    slug = factory.Sequence(lambda n: f"panel-paper-{n}")
    kind = PublicationKind.PAPER
    publication_date = fuzzy.FuzzyDate(datetime.date(2019, 1, 1), datetime.date(2026, 10, 31))
    summary = factory.LazyAttribute(lambda p: f"<p>What the Panel found in {p.title}.</p>")
    gov_uk_url = factory.LazyAttribute(
        lambda p: f"https://www.gov.uk/government/publications/{p.slug}"
    )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
