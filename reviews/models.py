from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cyscp import structured
from cyscp.models import Document, Partnership, Theme
from cyscp.publishing import Publishable, Status
from cyscp.richtext import RichTextField


class ReviewType(models.TextChoices):
    PRACTICE_REVIEW = "cspr", _("Child safeguarding practice review")
    SERIOUS_CASE_REVIEW = "scr", _("Serious case review")
    RAPID_REVIEW = "rapid", _("Rapid review")
    LEARNING_LESSONS = "lessons", _("Learning lessons review")
    OTHER = "other", _("Other multi-agency review")


class AgeBand(models.TextChoices):
    UNBORN = "unborn", _("Unborn")
    UNDER_1 = "under-1", _("Under 1 year")
    AGE_1_4 = "1-4", _("1 to 4 years")
    AGE_5_9 = "5-9", _("5 to 9 years")
    AGE_10_14 = "10-14", _("10 to 14 years")
    AGE_15_17 = "15-17", _("15 to 17 years")


class CaseReview(Publishable):
    """A local review of a serious child safeguarding case, recorded the way
    the NSPCC National Case Review Repository records one."""

    title = models.CharField(max_length=250)
    # Unique through a named constraint in Meta (its index serves lookups).
    slug = models.SlugField(max_length=250, db_index=False)
    child_pseudonym = models.CharField(
        _("child's pseudonym"), max_length=100, help_text=_("For example “Poppy”.")
    )
    review_type = models.CharField(max_length=10, choices=ReviewType.choices, blank=True)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_reviews",
        help_text=_("The partnership that commissioned the review."),
    )
    publication_date = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "When the review's report was published, as it says on the report. "
            "When this site shows it is set by Publication time, under Publishing."
        ),
    )
    age_band = models.CharField(
        _("child's age"), max_length=10, choices=AgeBand.choices, blank=True
    )
    incident_summary = RichTextField(
        _("summary of the incident"),
        blank=True,
        help_text=_("The child's age and sex, and what happened."),
    )
    background = RichTextField(blank=True)
    learning = RichTextField(_("learning (key findings)"), blank=True)
    recommendations = RichTextField(blank=True)
    review_method = models.CharField(
        max_length=250, blank=True, help_text=_("For example “Systems review (SILP)”.")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="case_reviews")
    report = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_reviews",
        help_text=_("The report as an uploaded document, or give a link to it below: not both."),
    )
    report_url = models.URLField(_("report link"), max_length=500, blank=True)

    class Meta(Publishable.Meta):
        ordering = ["-publication_date", "title"]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["slug"],
                name="casereview_slug_unique",
                violation_error_message=_("Another case review has this address (slug)."),
            ),
            models.CheckConstraint(
                condition=models.Q(review_type__in=[*ReviewType.values, ""]),
                name="casereview_review_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(report__isnull=True) | models.Q(report_url=""),
                name="casereview_one_report_only",
            ),
            # Drafts may be incomplete; nothing incomplete is ever published.
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT)
                | models.Q(
                    publication_date__isnull=False,
                    partnership__isnull=False,
                    review_type__in=ReviewType.values,
                ),
                name="casereview_published_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="casereview_public"),
            # The list's order, then what finds the public rows and the id,
            # so a page's ids come from the index alone, on both databases.
            models.Index(
                fields=["-publication_date", "title", "status", "published_at", "id"],
                name="casereview_list_order",
            ),
        ]

    def __str__(self):
        return self.heading

    def clean(self):
        super().clean()
        errors = {}
        if self.report_id and self.report_url:
            errors["report_url"] = _("Give the report as a document or as a link, not both.")
        if self.status == Status.PUBLISHED:
            # A draft can be saved half-written; publishing needs the whole record.
            needed = {
                "review_type": self.review_type,
                "partnership": self.partnership_id,
                "publication_date": self.publication_date,
                "age_band": self.age_band,
                "incident_summary": self.incident_summary,
            }
            for name, value in needed.items():
                if not value:
                    errors[name] = _("Needed before the review can be published.")
            if not (self.report_id or self.report_url):
                errors["report"] = _("A published case review needs its report: document or link.")
        if errors:
            raise ValidationError(errors)

    @property
    def heading(self) -> str:
        """As the NSPCC repository names a case: “2025 – York – Poppy”."""
        year = self.publication_date.year if self.publication_date else "Year not recorded"
        area = (self.partnership.area or self.partnership.name) if self.partnership else None
        return " – ".join(str(part) for part in [year, area, self.child_pseudonym] if part)

    @property
    def card_meta(self) -> str:
        return " · ".join(p for p in [self.get_review_type_display(), self.title] if p)

    def structured_data(self, request) -> dict:
        return structured.article(
            self,
            request,
            headline=self.heading,
            description=self.incident_summary,
            date_published=self.publication_date,
            author={"@type": "Organization", "name": self.partnership.name}
            if self.partnership
            else None,
            alternativeHeadline=self.title,
        )

    @property
    def summary(self) -> str:
        return self.incident_summary


class PublicationKind(models.TextChoices):
    NATIONAL_REVIEW = "national", _("National review")
    THEMATIC_REVIEW = "thematic", _("Thematic review")
    PAPER = "paper", _("Paper or briefing")
    ANNUAL_REPORT = "annual", _("Annual report")


class PanelPublication(Publishable):
    """What the national Child Safeguarding Practice Review Panel publishes."""

    title = models.CharField(max_length=250)
    # Unique through a named constraint in Meta (its index serves lookups).
    slug = models.SlugField(max_length=250, db_index=False)
    kind = models.CharField(max_length=10, choices=PublicationKind.choices)
    publication_date = models.DateField(
        null=True,
        blank=True,
        help_text=_("Leave empty if the exact date is not known; the list puts it last."),
    )
    period_start = models.DateField(
        _("period covered from"), null=True, blank=True, help_text=_("Annual reports.")
    )
    period_end = models.DateField(_("period covered to"), null=True, blank=True)
    summary = RichTextField()
    key_points = RichTextField(
        blank=True, help_text=_("For example the three Hesley Group settings, as a list.")
    )
    gov_uk_url = models.URLField(_("GOV.UK link"), max_length=500, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="panel_publications")

    class Meta(Publishable.Meta):
        ordering = [models.F("publication_date").desc(nulls_last=True), "title"]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["slug"],
                name="panelpublication_slug_unique",
                violation_error_message=_("Another Panel publication has this address (slug)."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=PublicationKind.values),
                name="panelpublication_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="panelpublication_period_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period must end after it starts.")})

    @property
    def card_meta(self) -> str:
        published = f"published {self.publication_date:%-d %B %Y}" if self.publication_date else ""
        return " · ".join(part for part in [self.get_kind_display(), published] if part)

    def structured_data(self, request) -> dict:
        extra = {"sameAs": self.gov_uk_url} if self.gov_uk_url else {}
        return structured.article(
            self,
            request,
            headline=self.title,
            description=self.summary,
            date_published=self.publication_date,
            author={"@type": "Organization", "name": "Child Safeguarding Practice Review Panel"},
            **extra,
        )
