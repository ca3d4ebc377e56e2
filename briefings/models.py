from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cyscp import structured
from cyscp.models import Document, Partnership, Theme
from cyscp.publishing import Publishable, Status
from cyscp.richtext import RichTextField
from reviews.models import CaseReview

POINTS = 7
# The usual headings of a 7 point briefing, which staff may rename.
USUAL_HEADINGS = [
    "Background",
    "Why it matters",
    "Key information",
    "Key information",
    "Key information",
    "Things to note and remember",
    "What to do",
]


class Briefing(Publishable):
    """A 7 point briefing: learning from a review in seven short points that a
    team can go through together in about seven minutes."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=250, unique=True)
    summary = models.TextField(help_text=_("One or two sentences for lists and search."))
    publication_date = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "The date on the briefing itself. "
            "When this site shows it is set by Publication time, under Publishing."
        ),
    )
    case_review = models.ForeignKey(
        CaseReview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="briefings",
        help_text=_("The case review the learning comes from, if it is on this site."),
    )
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefings",
        help_text=_("The partnership that produced the briefing, e.g. Hull SCP."),
    )
    reflection_questions = RichTextField(
        blank=True, help_text=_("Questions for the team to discuss after the seven points.")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="briefings")
    # The seven points' headings and text in one place, kept up to date as
    # points are saved, so search can index them with the briefing.
    points_text = models.TextField(editable=False, blank=True)
    documents = models.ManyToManyField(
        Document,
        blank=True,
        related_name="briefings",
        help_text=_("Attached files: the briefing as a PDF, slides, an action plan."),
    )

    class Meta(Publishable.Meta):
        ordering = [models.F("publication_date").desc(nulls_last=True), "title"]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT) | models.Q(partnership__isnull=False),
                name="briefing_published_has_partnership",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.status == Status.PUBLISHED and not self.partnership_id:
            raise ValidationError(
                {"partnership": _("Needed before the briefing can be published.")}
            )

    @property
    def downloads(self) -> list[Document]:
        return list(self.documents.all())

    @property
    def card_meta(self) -> str:
        parts = ["7 point briefing"]
        if self.partnership:
            parts.append(self.partnership.short_name or self.partnership.name)
        if self.publication_date:
            parts.append(f"{self.publication_date:%-d %B %Y}")
        return " · ".join(parts)

    def structured_data(self, request) -> dict:
        return structured.article(
            self,
            request,
            headline=self.title,
            description=self.summary,
            date_published=self.publication_date,
            author={"@type": "Organization", "name": self.partnership.name}
            if self.partnership
            else None,
        )

    def refresh_points_text(self):
        text = "\n".join(f"{p.heading}\n{p.body}" for p in self.points.order_by("number"))
        Briefing.objects.filter(pk=self.pk).update(points_text=text)

    def add_usual_points(self):
        """Give a new briefing its seven points with the usual headings."""
        if not self.points.exists():
            BriefingPoint.objects.bulk_create(
                BriefingPoint(briefing=self, number=number, heading=heading)
                for number, heading in enumerate(USUAL_HEADINGS, start=1)
            )
            self.refresh_points_text()


class BriefingPoint(models.Model):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(POINTS)]
    )
    heading = models.CharField(max_length=120)
    body = RichTextField(blank=True)

    class Meta:
        ordering = ["briefing", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "number"], name="briefingpoint_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=POINTS),
                name="briefingpoint_number_1_to_7",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.heading}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.briefing.refresh_points_text()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.briefing.refresh_points_text()
        return result


class Inspectorate(models.Model):
    """One of the inspectorates that carry out Joint Targeted Area Inspections."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=30, unique=True)

    class Meta:
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name


class JtaiGuide(Publishable):
    """A guide to Joint Targeted Area Inspections, such as a One Minute Guide."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=250, unique=True)
    inspectorates = models.ManyToManyField(Inspectorate, related_name="guides")
    inspection_theme = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The deep dive the guide is about, e.g. “Domestic abuse”; empty if general."),
    )
    summary = models.TextField(help_text=_("One or two sentences for lists and search."))
    body = RichTextField()
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jtai_guides",
        help_text=_("The guide as a file to download, if there is one."),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="jtai_guides")

    class Meta(Publishable.Meta):
        ordering = ["title"]
        verbose_name = _("JTAI guide")

    def __str__(self):
        return self.title

    @property
    def downloads(self) -> list[Document]:
        return [self.document] if self.document else []

    @property
    def card_meta(self) -> str:
        parts = ["Joint Targeted Area Inspection guide"]
        if self.inspection_theme:
            parts.append(self.inspection_theme)
        return " · ".join(parts)
