"""One fixed set of learning, the same on every run: fixed dates, titles and
text, so pages built from it can be compared with what they showed before.

Every field that factories would otherwise pick at random is given here.
"""

from datetime import UTC, date, datetime, timedelta

from cyscp.models import HubPage
from events.models import Format, Speaker
from tests.briefings.factories import BriefingFactory, InspectorateFactory, JtaiGuideFactory
from tests.events.factories import MasterclassFactory
from tests.factories import (
    DocumentFactory,
    HubSectionFactory,
    PartnershipFactory,
    ResourceFactory,
    ThemeFactory,
)
from tests.reviews.factories import CaseReviewFactory, PanelPublicationFactory

# Pages are read as on this day, so upcoming and past masterclasses, and what
# is already published, never change with the calendar.
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def at(year, month, day, hour=9):
    return datetime(year, month, day, hour, 0, tzinfo=UTC)


def review(**fields):
    defaults = {
        "review_type": "cspr",
        "age_band": "1-4",
        "incident_summary": "<p>A child was found with injuries at home.</p>",
        "background": "<p>The family had moved between authorities.</p>",
        "learning": "<p>Professionals did not share what they knew.</p>",
        "report_url": "",
    }
    return CaseReviewFactory(**{**defaults, **fields})


def build():
    """Two or three published items of every kind, with themes, documents,
    partnerships and a hub whose sections list them; plus a draft and a
    scheduled item that no public page may show."""
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    exploitation = ThemeFactory(slug="exploitation", name="Exploitation")
    abuse = ThemeFactory(slug="domestic-abuse", name="Domestic abuse")
    ThemeFactory(slug="online-safety", name="Online safety")  # nothing published on it
    york = PartnershipFactory(slug="york", name="City of York SCP", short_name="York", area="York")
    hull = PartnershipFactory(slug="hull", name="Hull SCP", short_name="Hull", area="Hull")

    report = DocumentFactory(title="Poppy review report", slug="poppy-review-report")
    slides = DocumentFactory(title="Neglect briefing slides", slug="neglect-briefing-slides")
    guide_file = DocumentFactory(title="JTAI one minute guide", slug="jtai-one-minute-guide")
    talk = DocumentFactory(title="Masterclass slides 2025", slug="masterclass-slides-2025")
    hub_file = DocumentFactory(title="Hub reading list", slug="hub-reading-list")

    poppy = review(
        title="Learning from Poppy",
        slug="poppy",
        child_pseudonym="Poppy",
        partnership=york,
        publication_date=date(2024, 5, 1),
        published_at=at(2024, 5, 2),
        themes=[neglect],
        report=report,
    )
    review(
        title="Learning from Child K",
        slug="child-k",
        child_pseudonym="Child K",
        review_type="rapid",
        age_band="15-17",
        partnership=hull,
        publication_date=date(2023, 3, 10),
        published_at=at(2023, 3, 11),
        themes=[exploitation],
        incident_summary="<p>A young person was criminally exploited.</p>",
    )
    review(
        title="Learning from Baby L",
        slug="baby-l",
        child_pseudonym="Baby L",
        age_band="under-1",
        partnership=york,
        publication_date=date(2025, 9, 1),
        published_at=at(2025, 9, 3),
        themes=[neglect, abuse],
        incident_summary="<p>A baby was injured where domestic abuse was known.</p>",
    )

    PanelPublicationFactory(
        title="Child protection in England",
        slug="child-protection-in-england",
        kind="national",
        publication_date=date(2022, 5, 26),
        published_at=at(2022, 5, 27),
        themes=[abuse],
        summary="<p>The national review of the murders of Arthur and Star.</p>",
    )
    PanelPublicationFactory(
        title="Annual report 2022 to 2023",
        slug="annual-report-2022-to-2023",
        kind="annual",
        publication_date=date(2023, 12, 14),
        published_at=at(2023, 12, 15),
        summary="<p>The Panel's fourth annual report.</p>",
    )
    PanelPublicationFactory(
        title="Safeguarding children with disabilities in residential settings",
        slug="children-with-disabilities",
        kind="thematic",
        publication_date=date(2025, 4, 24),
        published_at=at(2025, 4, 25),
        themes=[neglect],
        summary="<p>The Hesley Group settings.</p>",
    )

    BriefingFactory(
        title="Neglect briefing",
        slug="neglect-briefing",
        summary="Seven points on neglect in the early years.",
        partnership=york,
        case_review=poppy,
        publication_date=date(2024, 6, 1),
        published_at=at(2024, 6, 2),
        themes=[neglect],
        documents=[slides],
    )
    BriefingFactory(
        title="Exploitation briefing",
        slug="exploitation-briefing",
        summary="Seven points on criminal exploitation.",
        partnership=hull,
        publication_date=date(2023, 4, 1),
        published_at=at(2023, 4, 3),
        themes=[exploitation],
    )

    ofsted = InspectorateFactory(short_name="Ofsted", name="Ofsted")
    cqc = InspectorateFactory(short_name="CQC", name="Care Quality Commission")
    JtaiGuideFactory(
        title="JTAI: the front door",
        slug="jtai-front-door",
        summary="What inspectors look at at the front door.",
        published_at=at(2024, 1, 10),
        inspectorates=[ofsted, cqc],
        themes=[abuse],
        document=guide_file,
    )
    JtaiGuideFactory(
        title="JTAI: child exploitation",
        slug="jtai-child-exploitation",
        summary="The deep dive into exploitation.",
        published_at=at(2025, 2, 1),
        inspectorates=[ofsted],
        themes=[exploitation],
    )

    MasterclassFactory(
        title="Learning Masterclass - 30 November 2021",
        slug="masterclass-2021-11-30",
        start=at(2021, 11, 30, 12),
        end=at(2021, 11, 30, 13),
        published_at=at(2021, 10, 1),
        themes=[neglect],
    )
    past = MasterclassFactory(
        title="Learning Masterclass - 17 June 2025",
        slug="masterclass-2025-06-17",
        start=at(2025, 6, 17, 11),
        end=at(2025, 6, 17, 12),
        published_at=at(2025, 5, 1),
        format=Format.IN_PERSON,
        venue="West Offices, York",
        themes=[exploitation],
        presentations=[talk],
    )
    Speaker.objects.create(masterclass=past, name="Dr A Example")
    MasterclassFactory(
        title="Learning Masterclass - 19 January 2027",
        slug="masterclass-2027-01-19",
        start=at(2027, 1, 19, 12),
        end=at(2027, 1, 19, 13),
        published_at=at(2026, 11, 1),
        themes=[neglect, abuse],
    )

    # Never public: a draft and a scheduled item, with titles no page may show.
    review(
        title="Hidden draft review",
        slug="hidden-draft-review",
        child_pseudonym="Hidden",
        partnership=york,
        publication_date=date(2026, 1, 1),
        published_at=at(2026, 1, 2),
        themes=[neglect],
        status="draft",
    )
    BriefingFactory(
        title="Hidden scheduled briefing",
        slug="hidden-scheduled-briefing",
        summary="Not yet.",
        partnership=york,
        publication_date=date(2026, 12, 1),
        published_at=NOW + timedelta(days=3),
        themes=[neglect],
    )

    HubPage.objects.create(title="Learning and development", introduction="<p>Welcome.</p>")
    intro = HubSectionFactory(
        title="Why we learn from reviews",
        anchor="why-we-learn",
        position=10,
        published_at=at(2024, 1, 1),
        body="<p>Reviews help every agency learn.</p>",
    )
    intro.documents.set([hub_file])
    intro.resources.set(
        [ResourceFactory(title="NSPCC repository", url="https://learning.nspcc.org.uk/")]
    )
    listed = [
        ("Learning Masterclasses", "masterclasses", "masterclasses"),
        ("National reviews and papers", "national-panel", "panel_publications"),
        ("Panel annual reports", "annual-reports", "annual_reports"),
        ("7 point briefings", "briefings", "briefings"),
        ("JTAI guides", "jtai", "jtai_guides"),
        ("Regional partnerships", "partnerships", "regional_partnerships"),
    ]
    for position, (title, anchor, listing) in enumerate(listed, start=2):
        HubSectionFactory(
            title=title,
            anchor=anchor,
            position=position * 10,
            listing=listing,
            published_at=at(2024, 1, 1),
            body=f"<p>About {title.lower()}.</p>",
        )
    HubSectionFactory(
        title="Hidden draft section", anchor="hidden-section", position=5, status="draft"
    )
