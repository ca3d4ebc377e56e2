"""Realistic invented case reviews and Panel publications.

Used by the tests only (`manage.py generate_demo_content` writes its own, in
cyscp.demo); every review is made up, and the pseudonyms are drawn from a
list, never from real cases.
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

# What happened, by the child's age band, so a review's summary agrees with
# its age band. {child} is "4-month-old baby", "7-year-old girl" and so on.
INCIDENTS = {
    AgeBand.UNBORN: [
        "A baby was stillborn after the mother, known to services, had no antenatal care "
        "and was living with domestic abuse.",
    ],
    AgeBand.UNDER_1: [
        "A {child} was admitted to hospital with a fractured skull and bruising; the "
        "injuries were judged to be non-accidental.",
        "A {child} died while sleeping on a sofa with a parent who had been drinking.",
    ],
    AgeBand.AGE_1_4: [
        "A {child} died at home; neglect over many months was a factor in the death.",
        "A {child} was found with burns that had not been treated for several days.",
    ],
    AgeBand.AGE_5_9: [
        "A {child} disclosed sexual abuse by a family member to a teacher.",
        "A {child} was found living in a home with domestic abuse and parental substance "
        "misuse, with no food and no heating.",
    ],
    AgeBand.AGE_10_14: [
        "A {child} disclosed sexual abuse by a family member to a teacher.",
        "A {child} went missing repeatedly and was found to be criminally exploited.",
    ],
    AgeBand.AGE_15_17: [
        "A {child} was seriously injured in a knife attack after months of going missing "
        "from home and school.",
        "A {child} died by suspected suicide after a long period of neglect and self-harm.",
    ],
}
AGE_RANGES = {
    AgeBand.UNDER_1: (1, 11, "month"),
    AgeBand.AGE_1_4: (1, 4, "year"),
    AgeBand.AGE_5_9: (5, 9, "year"),
    AgeBand.AGE_10_14: (10, 14, "year"),
    AgeBand.AGE_15_17: (15, 17, "year"),
}


def incident_for(age_band: str) -> str:
    band = AgeBand(age_band)
    text = random.choice(INCIDENTS[band])
    if band not in AGE_RANGES:
        return text
    low, high, unit = AGE_RANGES[band]
    noun = "baby" if unit == "month" else random.choice(["girl", "boy", "child"])
    return text.format(child=f"{random.randint(low, high)}-{unit}-old {noun}")


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
    incident_summary = factory.LazyAttribute(lambda r: _paragraphs([incident_for(r.age_band)]))
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
