import datetime

import factory
from factory import fuzzy

from briefings.models import USUAL_HEADINGS, Briefing, BriefingPoint, Inspectorate, JtaiGuide
from tests.factories import PartnershipFactory, PublishableFactory

POINT_TEXT = [
    "Poppy was four when she was admitted to hospital with injuries that could not be "
    "explained. She had been known to services since birth.",
    "Young children cannot tell us what is happening to them. Practitioners must look, "
    "listen and ask.",
    "Several agencies each held part of the picture, and nobody put it together.",
    "Mother's new partner moved into the home; no agency asked who he was.",
    "Missed health appointments were recorded but not followed up.",
    "Professional curiosity is everyone's job. Escalate when you disagree.",
    "Talk with your team about how you would have responded, and record who lives in "
    "the home at every visit.",
]


class BriefingFactory(PublishableFactory):
    class Meta:
        model = Briefing
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"7 point briefing {n}")
    slug = factory.Sequence(lambda n: f"briefing-{n}")
    summary = factory.LazyAttribute(lambda b: f"What practitioners can learn from {b.title}.")
    publication_date = fuzzy.FuzzyDate(datetime.date(2019, 1, 1), datetime.date(2026, 10, 31))
    partnership = factory.SubFactory(PartnershipFactory)

    @factory.post_generation
    def points(self, create, extracted, **kwargs):
        if not create:
            return
        BriefingPoint.objects.bulk_create(
            BriefingPoint(briefing=self, number=n, heading=heading, body=f"<p>{text}</p>")
            for n, (heading, text) in enumerate(zip(USUAL_HEADINGS, POINT_TEXT, strict=True), 1)
        )
        self.refresh_points_text()  # bulk_create skips the points' own save()

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        if create and extracted:
            self.documents.set(extracted)


class InspectorateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspectorate
        django_get_or_create = ["short_name"]

    short_name = factory.Sequence(lambda n: f"Inspectorate {n}")
    name = factory.LazyAttribute(lambda i: f"{i.short_name} (in full)")


class JtaiGuideFactory(PublishableFactory):
    class Meta:
        model = JtaiGuide
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"JTAI guide {n}")
    slug = factory.Sequence(lambda n: f"jtai-guide-{n}")
    summary = "What a Joint Targeted Area Inspection looks at, and how to prepare."
    body = "<h2>What is it?</h2><p>A joint inspection of how agencies work together.</p>"

    @factory.post_generation
    def inspectorates(self, create, extracted, **kwargs):
        if create:
            self.inspectorates.set(extracted or [InspectorateFactory(short_name="Ofsted")])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
