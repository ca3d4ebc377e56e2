"""The invented stories behind the demo content, by theme.

Each story is written for one theme and one age band, so what a demo item
says always fits its themes and the child's age: a review on non-mobile
infants is about a baby, one on exploitation about a teenager. The generator
chooses a story first and writes everything else from it.
"""

import random
from dataclasses import dataclass, field

from reviews.models import AgeBand

INVENTED = "(invented)"
INVENTED_NOTE = (
    "This is invented demonstration content: no real child, family or agency is described."
)


@dataclass(frozen=True)
class Story:
    """What happened to one child, as a case review's summary tells it."""

    band: str
    # Months for babies under 1, years for older children; none if unborn.
    ages: tuple[int, int] | None
    # "{a_child}" becomes "a 4-month-old baby", "an 11-year-old girl"...
    incident: str
    # Themes beside the topic's own that the story is also about.
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    """Everything the demo says about one theme."""

    theme: str  # the theme's slug, as in cyscp/content/learning.toml
    # "bruising in non-mobile babies", for titles and summaries: general enough
    # to fit every story of the topic.
    subject: str
    stories: tuple[Story, ...]
    backgrounds: tuple[str, ...]
    learning: tuple[str, ...]  # at least three, for a briefing's key information
    recommendations: tuple[str, ...]
    why_it_matters: str
    to_remember: str
    what_to_do: str
    also: tuple[str, ...] = field(default=())  # themes that go with it in briefings


BABY, CHILD, TEEN = "under-1", "child", "teen"

TOPICS = [
    Topic(
        theme="non-mobile-infants-and-bruising",
        subject="bruising in non-mobile babies",
        stories=(
            Story(
                AgeBand.UNDER_1,
                (1, 5),
                "{A_child} was seen by a health visitor with a small bruise on the cheek. It was "
                "explained as the baby's own doing and was not referred; three weeks later the "
                "baby was admitted to hospital with rib fractures.",
                ("physical-abuse",),
            ),
            Story(
                AgeBand.UNDER_1,
                (2, 6),
                "{A_child} was taken to the GP with bruising to the ear and the upper arm. The "
                "bruising was not seen as significant in a baby who could not crawl, and no "
                "referral was made.",
            ),
            Story(
                AgeBand.UNDER_1,
                (1, 4),
                "A bruise on the forehead of {a_child} was noted at a routine check and put down "
                "to an older sibling's rough play; the bruising protocol was not followed.",
                ("multi-agency-working",),
            ),
        ),
        backgrounds=(
            "The baby was the parents' first child. The father had a history of violence "
            "known to the police but not to health services.",
            "The family had moved to the area during the pregnancy, and antenatal records "
            "arrived after the birth.",
        ),
        learning=(
            "Bruising in a baby who is not yet mobile is rare and must always be referred "
            "under the bruising protocol.",
            "A parent's explanation does not remove the need to refer a bruise in a "
            "non-mobile baby.",
            "Some practitioners who saw the bruising did not know the protocol applied to them.",
            "Small injuries can come before serious ones: a bruise can be a warning.",
        ),
        recommendations=(
            "Every agency to remind its staff of the bruising in non-mobile infants protocol "
            "and audit its use.",
            "GP practices to add a prompt for bruising in babies under six months to their "
            "records.",
        ),
        why_it_matters="Babies who cannot move cannot bruise themselves by accident.",
        to_remember="The protocol applies to every practitioner, not only health staff.",
        what_to_do="Refer any bruise on a non-mobile baby the same day, whatever the "
        "explanation, and tell the parents why.",
        also=("physical-abuse",),
    ),
    Topic(
        theme="physical-abuse",
        subject="physical abuse of young children",
        stories=(
            Story(
                AgeBand.AGE_1_4,
                (1, 4),
                "{A_child} arrived at nursery with a burn to the hand that had not been treated. "
                "The explanation changed each time it was given.",
                ("neglect",),
            ),
            Story(
                AgeBand.AGE_5_9,
                (5, 9),
                "{A_child} told a teacher that a parent's partner had hit them with a belt. Marks "
                "were seen, but the disclosure was not passed on for two days.",
                ("multi-agency-working",),
            ),
            Story(
                AgeBand.AGE_1_4,
                (1, 3),
                "{A_child} was admitted to hospital with a head injury; the explanation given did "
                "not fit the injury, and earlier attendances had not been linked.",
            ),
        ),
        backgrounds=(
            "A new partner had moved into the home a few months before; no agency asked who "
            "he was.",
            "The child had been seen at the emergency department three times in a year with "
            "minor injuries.",
        ),
        learning=(
            "Each injury was judged on its own; no one looked at the pattern.",
            "Explanations that change are a reason to ask more, not less.",
            "A child's disclosure must be passed on the same day.",
            "Men in the household were not seen or assessed.",
        ),
        recommendations=(
            "Emergency departments to check earlier attendances for every child with an injury.",
            "Schools to refresh staff training on passing on disclosures.",
        ),
        why_it_matters="Injuries that do not fit the story are a sign of abuse until shown "
        "otherwise.",
        to_remember="Ask who lives in the home, and who visits.",
        what_to_do="Record what you see and what you are told, in the words used, and refer.",
    ),
    Topic(
        theme="neglect",
        subject="neglect",
        stories=(
            Story(
                AgeBand.AGE_1_4,
                (1, 4),
                "{A_child} was found at home underweight and with untreated tooth decay; the "
                "family had missed eleven health appointments.",
            ),
            Story(
                AgeBand.AGE_5_9,
                (5, 9),
                "{A_child} was often absent from school, arrived hungry and wore the same clothes "
                "for days. School logged each concern but did not share them.",
                ("multi-agency-working",),
            ),
            Story(
                AgeBand.AGE_10_14,
                (10, 14),
                "{A_child} was caring for younger siblings while a parent misused alcohol; the "
                "home had no heating and little food.",
            ),
        ),
        backgrounds=(
            "The family had been known to early help, and a child in need plan had closed six "
            "months before.",
            "The parents had learning difficulties and had asked for help with money and housing.",
        ),
        learning=(
            "Missed health appointments were not followed up as possible neglect.",
            "Each agency saw a small part of the picture; no one put it together.",
            "Plans closed when things improved for a while, and problems came back.",
            "The child's lived experience was not described in assessments.",
        ),
        recommendations=(
            "Agencies to use the neglect screening tool at every assessment.",
            "Health services to follow up any child who misses two appointments in a row.",
        ),
        why_it_matters="Neglect is the most common reason for a child protection plan, and it "
        "harms children slowly.",
        to_remember="A day in the life of the child tells more than a list of services.",
        what_to_do="Use the neglect screening tool, and share your concerns early.",
        also=("multi-agency-working",),
    ),
    Topic(
        theme="domestic-abuse",
        subject="domestic abuse",
        stories=(
            Story(
                AgeBand.UNBORN,
                None,
                "An unborn baby died when the mother, 30 weeks pregnant, was assaulted by her "
                "partner. She had told a midwife she was frightened of him.",
            ),
            Story(
                AgeBand.AGE_1_4,
                (2, 4),
                "{A_child} was injured during an assault on a parent at home; police had been "
                "called to the address nine times in a year.",
                ("physical-abuse",),
            ),
            Story(
                AgeBand.AGE_5_9,
                (5, 9),
                "{A_child} lived with domestic abuse for years; notifications to school stopped "
                "when the family moved across a local authority boundary.",
                ("multi-agency-working",),
            ),
            Story(
                AgeBand.AGE_10_14,
                (10, 14),
                "{A_child} stopped going to school to stay at home with a parent who was being "
                "abused; the absence was treated as truancy.",
            ),
        ),
        backgrounds=(
            "The mother had been referred to a domestic abuse service twice but had not been "
            "seen alone.",
            "The father's violence in an earlier relationship was known to another area's "
            "police force.",
        ),
        learning=(
            "Children who live with domestic abuse are victims in their own right.",
            "No one asked the mother about abuse when she was seen alone.",
            "Information did not follow the family when they moved.",
            "The perpetrator was not engaged with or assessed by any agency.",
        ),
        recommendations=(
            "Midwives to ask every pregnant woman about domestic abuse when she is alone.",
            "Police to notify schools of every domestic abuse incident by the next school day.",
        ),
        why_it_matters="Domestic abuse often starts or gets worse in pregnancy, and children "
        "hear and see far more than adults think.",
        to_remember="Safety plans must include the children.",
        what_to_do="Ask about domestic abuse routinely, and always with the person alone.",
    ),
    Topic(
        theme="child-sexual-abuse",
        subject="child sexual abuse in the family",
        stories=(
            Story(
                AgeBand.AGE_5_9,
                (6, 9),
                "{A_child} told a teacher about sexual abuse by a family member; earlier changes "
                "in behaviour had been seen as a behavioural problem.",
            ),
            Story(
                AgeBand.AGE_10_14,
                (10, 14),
                "{A_child} disclosed sexual abuse by an older relative to a school nurse; five "
                "agencies had seen the child in two years without asking about home.",
                ("multi-agency-working",),
            ),
            Story(
                AgeBand.AGE_15_17,
                (15, 17),
                "{A_child} told a youth worker about years of sexual abuse by a step-parent, "
                "after self-harming for months.",
            ),
        ),
        backgrounds=(
            "The relative had a previous conviction that was not shared with children's services.",
            "The family presented well, and professionals found it hard to think of abuse.",
        ),
        learning=(
            "Most sexual abuse happens in the family environment and is never disclosed.",
            "Changes in behaviour were explained away instead of explored.",
            "Children need to be asked, and told they will be believed.",
            "Professionals lacked confidence to talk about sexual abuse.",
        ),
        recommendations=(
            "All agencies to train staff in recognising signs of child sexual abuse.",
            "Schools to make sure every child knows who they can talk to.",
        ),
        why_it_matters="Children rarely tell; when they do, our response decides whether they "
        "tell again.",
        to_remember="Signs are often behavioural or emotional, not physical.",
        what_to_do="Listen, believe, record the child's words and refer the same day.",
    ),
    Topic(
        theme="exploitation",
        subject="criminal and sexual exploitation of teenagers",
        stories=(
            Story(
                AgeBand.AGE_15_17,
                (15, 17),
                "{A_child} went missing eleven times in six months and was found in another city "
                "carrying drugs; the episodes were treated as running away, not as criminal "
                "exploitation.",
            ),
            Story(
                AgeBand.AGE_10_14,
                (13, 14),
                "{A_child} was sexually exploited by a group of adults who offered gifts and "
                "lifts; the young person's own account was doubted.",
                ("child-sexual-abuse",),
            ),
            Story(
                AgeBand.AGE_15_17,
                (15, 16),
                "{A_child} was arrested for carrying a knife while delivering drugs for an older "
                "man; the arrest was handled as an offence, not as exploitation.",
                ("serious-youth-violence",),
            ),
        ),
        backgrounds=(
            "The young person had been excluded from school and spent the days out of the home.",
            "Older peers with links to drug dealing had been seen with the young person for "
            "months.",
        ),
        learning=(
            "Return home interviews were not done after most missing episodes.",
            "The young person was seen as making choices, not as a victim.",
            "Language such as 'putting themselves at risk' blamed the child.",
            "Intelligence held by the police was not shared with school.",
        ),
        recommendations=(
            "A return home interview within 72 hours of every missing episode.",
            "Agencies to use the exploitation screening tool and share intelligence.",
        ),
        why_it_matters="Exploited teenagers are children: they cannot consent to their own abuse.",
        to_remember="Going missing is a sign of exploitation until shown otherwise.",
        what_to_do="Use the exploitation screening tool and refer; check your language.",
        also=("serious-youth-violence",),
    ),
    Topic(
        theme="serious-youth-violence",
        subject="serious youth violence",
        stories=(
            Story(
                AgeBand.AGE_15_17,
                (15, 17),
                "{A_child} was seriously injured in a knife attack after months of going missing "
                "from home and school.",
                ("exploitation",),
            ),
            Story(
                AgeBand.AGE_15_17,
                (15, 17),
                "{A_child} was stabbed near home after a dispute on social media; threats had "
                "been reported to school weeks earlier.",
            ),
            Story(
                AgeBand.AGE_10_14,
                (14, 14),
                "{A_child} was assaulted by older teenagers in a park and carried a knife "
                "afterwards to feel safe.",
            ),
        ),
        backgrounds=(
            "The young person had been permanently excluded the year before.",
            "Several friends had been victims or suspects in violent incidents.",
        ),
        learning=(
            "Exclusion from school removed the young person's main protective adult.",
            "Threats reported to school were not shared with the police.",
            "Fear, not bravado, was the reason the young person carried a knife.",
        ),
        recommendations=(
            "Schools to share reported threats of violence with the police the same day.",
            "A named key worker for every excluded young person known to services.",
        ),
        why_it_matters="Young people hurt by violence are often children who were harmed before.",
        to_remember="Ask young people whether they feel safe, and where.",
        what_to_do="Share information about threats and weapons promptly, and refer.",
        also=("exploitation",),
    ),
    Topic(
        theme="child-deaths",
        subject="child deaths",
        stories=(
            Story(
                AgeBand.UNDER_1,
                (1, 11),
                "{A_child} died while sleeping on a sofa with a parent who had been drinking; "
                "safer sleep advice had been given once, at birth.",
            ),
            Story(
                AgeBand.AGE_1_4,
                (1, 3),
                "{A_child} drowned in a garden pond while unsupervised; concerns about "
                "supervision had been raised by nursery.",
                ("neglect",),
            ),
            Story(
                AgeBand.AGE_15_17,
                (15, 17),
                "{A_child} died by suspected suicide after a long period of self-harm and missed "
                "mental health appointments.",
            ),
        ),
        backgrounds=(
            "The family's circumstances had changed since the last contact with services.",
            "The parent was under stress from debt and housing problems.",
        ),
        learning=(
            "Safer sleep advice was not repeated when circumstances changed.",
            "Concerns raised by one agency were not followed up by another.",
            "Risks were discussed with one parent but not the other.",
        ),
        recommendations=(
            "Safer sleep advice at every contact with families of babies, not only at birth.",
            "Mental health services to follow up missed appointments by young people.",
        ),
        why_it_matters="Some child deaths can be prevented with the right advice at the right "
        "time.",
        to_remember="Alcohol, drugs and tiredness make unsafe sleep far more dangerous.",
        what_to_do="Give safer sleep advice at every contact, and check it is understood.",
    ),
    Topic(
        theme="children-with-disabilities",
        subject="safeguarding disabled children",
        stories=(
            Story(
                AgeBand.AGE_5_9,
                (5, 9),
                "{A_child} with complex health needs and no speech was found with unexplained "
                "injuries; no one had learnt how the child showed pain.",
            ),
            Story(
                AgeBand.AGE_10_14,
                (10, 14),
                "{A_child} with autism lost a lot of weight over a year; it was put down to the "
                "condition, not to neglect.",
                ("neglect",),
            ),
            Story(
                AgeBand.AGE_15_17,
                (15, 17),
                "{A_child} with learning disabilities was restrained many times at a residential "
                "school; the restraint records were not reviewed.",
                ("residential-care",),
            ),
        ),
        backgrounds=(
            "The child attended a special school some distance from home.",
            "The parents were exhausted and had asked for short breaks that never came.",
        ),
        learning=(
            "Signs of abuse were put down to the child's disability.",
            "No one knew how the child communicated.",
            "Professionals focused on the parents' needs and lost sight of the child.",
        ),
        recommendations=(
            "Every plan for a disabled child to say how the child communicates.",
            "Short breaks assessments within four weeks of a request.",
        ),
        why_it_matters="Disabled children are more likely to be abused and less likely to be "
        "protected.",
        to_remember="A change in behaviour may be the child's way of telling you.",
        what_to_do="Learn how each child communicates, and see them on their own.",
        also=("residential-care",),
    ),
    Topic(
        theme="residential-care",
        subject="children in residential care",
        stories=(
            Story(
                AgeBand.AGE_10_14,
                (12, 14),
                "{A_child} with learning disabilities living at a residential special school was "
                "mistreated by staff over many months.",
                ("children-with-disabilities",),
            ),
            Story(
                AgeBand.AGE_15_17,
                (15, 17),
                "{A_child} placed in a children's home two hundred miles from home went missing "
                "repeatedly and was exploited.",
                ("exploitation",),
            ),
        ),
        backgrounds=(
            "The placement was made in an emergency, with little information shared.",
            "Visits from the placing authority were rare because of the distance.",
        ),
        learning=(
            "The placing authority relied on the setting's own reports.",
            "Children's complaints were not heard by anyone outside the setting.",
            "Independent visitors and advocates were not offered.",
        ),
        recommendations=(
            "Placing authorities to visit children placed out of area at least every six weeks.",
            "Every child in residential care to be offered an independent advocate.",
        ),
        why_it_matters="Children in residential care depend on adults outside the setting to "
        "notice harm.",
        to_remember="Look at restraint and missing records, not only reports.",
        what_to_do="Visit often, see the child alone, and listen to complaints.",
        also=("children-with-disabilities",),
    ),
]
TOPICS_BY_THEME = {topic.theme: topic for topic in TOPICS}
# The themes the demo content may carry, besides each topic's own.
SHARED_THEMES = ("multi-agency-working", "inspection")

FIRST_NAMES = [
    "Sam", "Alex", "Jordan", "Riley", "Charlie", "Frankie", "Jamie", "Robin", "Ellis",
    "Morgan", "Casey", "Jesse", "Rowan", "Kit", "Taylor", "Avery",
]  # fmt: skip
REVIEW_METHODS = [
    "Systems review (SILP)",
    "Significant Incident Learning Process",
    "Appreciative inquiry",
    "Rapid review with practitioner learning event",
]
GENERAL_LEARNING = (
    "Escalation procedures were not used when agencies disagreed about risk.",
    "Assessments were not updated when new information came to light.",
    "No one spoke with the child alone.",
)
GENERAL_RECOMMENDATIONS = (
    "The partnership to check, in a year, that these changes have been made.",
    "Agencies to share this learning through a 7 point briefing and team discussion.",
)


def a_child(rng: random.Random, story: Story) -> str:
    """“a 4-month-old baby”, “an 11-year-old girl”: the age from the story's range."""
    low, high = story.ages
    age = rng.randint(low, high)
    if story.band == AgeBand.UNDER_1:
        words = f"{age}-month-old baby"
    else:
        words = f"{age}-year-old {rng.choice(['girl', 'boy', 'child'])}"
    article = "an" if str(age).startswith("8") or age in (11, 18) else "a"
    return f"{article} {words}"


def incident(rng: random.Random, story: Story) -> str:
    if story.ages is None:
        return story.incident
    child = a_child(rng, story)
    return story.incident.format(A_child=child[0].upper() + child[1:], a_child=child)


def pseudonym(rng: random.Random, band: str) -> str:
    letter = chr(ord("A") + rng.randrange(26))
    if band in (AgeBand.UNBORN, AgeBand.UNDER_1):
        return f"Baby {letter}"
    return rng.choice([f"Child {letter}", rng.choice(FIRST_NAMES)])


def paragraphs(items) -> str:
    return "".join(f"<p>{item}</p>" for item in items)


def bullet_list(items, tag="ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"


@dataclass(frozen=True)
class PanelPaper:
    kind: str  # reviews.models.PublicationKind
    title: str
    themes: tuple[str, ...]
    summary: str
    key_points: tuple[str, ...]


PANEL_PAPERS = [
    PanelPaper(
        "national",
        "Protecting babies from bruising and physical harm: a national review",
        ("non-mobile-infants-and-bruising", "physical-abuse"),
        "What the Panel found when it looked at reviews of babies under one who were "
        "bruised or injured before anyone acted.",
        (
            "Bruising in non-mobile babies was often seen and not referred",
            "Fathers and other men in the household were rarely assessed",
        ),
    ),
    PanelPaper(
        "thematic",
        "Criminal exploitation of teenagers: what reviews tell us",
        ("exploitation", "serious-youth-violence"),
        "A thematic review of cases where teenagers were criminally exploited, and of how "
        "agencies responded when they went missing.",
        (
            "Missing episodes were treated as running away",
            "Exclusion from school came before exploitation in most cases",
        ),
    ),
    PanelPaper(
        "paper",
        "Domestic abuse and the unborn baby",
        ("domestic-abuse",),
        "A paper on how practitioners ask about domestic abuse in pregnancy, and what "
        "happens when they do.",
        ("Ask every pregnant woman, alone", "Include the partner in the assessment"),
    ),
    PanelPaper(
        "thematic",
        "Neglect of children over ten",
        ("neglect", "multi-agency-working"),
        "Why neglect of older children is missed, and what agencies can do together to see it.",
        ("Older children hide neglect", "Schools see most, and need to share"),
    ),
    PanelPaper(
        "paper",
        "Disabled children in residential settings",
        ("children-with-disabilities", "residential-care"),
        "A paper on keeping disabled children in residential settings safe when they live "
        "far from home.",
        ("Visit often and see the child alone", "Learn how each child communicates"),
    ),
    PanelPaper(
        "annual",
        "Annual report",
        ("multi-agency-working",),
        "What the Panel learned from the rapid reviews and local reviews it received in the year.",
        ("Themes of the year", "What the Panel will do next"),
    ),
]

# The deep dives of Joint Targeted Area Inspections, with the theme each is on.
JTAI_DEEP_DIVES = [
    ("Domestic abuse", "domestic-abuse"),
    ("Neglect", "neglect"),
    ("Child sexual abuse in the family environment", "child-sexual-abuse"),
    ("Serious youth violence", "serious-youth-violence"),
    ("Children at risk of exploitation", "exploitation"),
    ("Children with disabilities", "children-with-disabilities"),
]

SPEAKER_ROLES = [
    "Designated nurse for safeguarding children",
    "Detective inspector, public protection",
    "Head of service, children's social care",
    "Independent reviewer",
    "Designated safeguarding lead, secondary school",
    "Named GP for safeguarding",
]
SURNAMES = ["Example", "Sample", "Placeholder", "Demo", "Specimen", "Mock"]
