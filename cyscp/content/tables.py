"""The tables of the data file that `load_learning_content` reads, in the
order they load.

Later tables can refer to earlier ones (a resource names its hub section, a
case review its themes), so the order matters.
"""

from briefings.models import Briefing, Inspectorate, JtaiGuide
from cyscp.models import HubPage, HubSection, Partnership, Resource, Theme
from cyscp.publishing import Status
from events.models import Masterclass
from reviews.models import CaseReview, PanelPublication

from .loader import LoadError, Table


def related(model, field: str, row_field: str):
    """A resolver for a list of natural keys in a data row, e.g. theme slugs."""

    def resolve(row):
        keys = row.get(row_field, [])
        found = {getattr(o, field): o for o in model.objects.filter(**{f"{field}__in": keys})}
        missing = [k for k in keys if k not in found]
        if missing:
            raise LoadError(f"unknown {model._meta.verbose_name} {', '.join(missing)}")
        return [found[k] for k in keys]

    return resolve


def one(model, field: str, value):
    """The record of `model` whose `field` is `value`, or a clear error."""
    try:
        return model.objects.get(**{field: value})
    except model.DoesNotExist:
        raise LoadError(f"no {model._meta.verbose_name} with {field} “{value}”") from None


def without(*names):
    """Row values minus the ones resolved separately (many-to-many fields)."""
    return lambda row: {k: v for k, v in row.items() if k not in names}


def _resource(row):
    values = {k: v for k, v in row.items() if k != "section"}
    if row.get("section"):
        values["section"] = one(HubSection, "anchor", row["section"])
    return values


def with_records(*links, skip=("themes",)):
    """Row values with natural keys turned into records: (field, model, key field).

    An empty or missing key leaves the field empty (a draft may lack it);
    `skip` names the many-to-many fields, which are resolved separately.
    """

    def values(row):
        result = {k: v for k, v in row.items() if k not in skip}
        for name, model, field in links:
            key = row.get(name)
            result[name] = one(model, field, key) if key else None
        return result

    return values


def tables() -> list[Table]:
    published = {"status": Status.PUBLISHED}
    return [
        Table("hub", HubPage, key="title", single="hub"),
        Table("themes", Theme, key="slug"),
        Table("partnerships", Partnership, key="slug"),
        Table("sections", HubSection, key="anchor", defaults=published),
        Table("resources", Resource, key="url", values=_resource),
        Table(
            "panel_publications",
            PanelPublication,
            key="slug",
            values=without("themes"),
            many={"themes": related(Theme, "slug", "themes")},
            defaults=published,
        ),
        Table(
            "case_reviews",
            CaseReview,
            key="slug",
            values=with_records(("partnership", Partnership, "slug")),
            many={"themes": related(Theme, "slug", "themes")},
            defaults=published,
        ),
        Table(
            "briefings",
            Briefing,
            key="slug",
            values=with_records(
                ("partnership", Partnership, "slug"), ("case_review", CaseReview, "slug")
            ),
            many={"themes": related(Theme, "slug", "themes")},
            defaults=published,
            after_create=Briefing.add_usual_points,
        ),
        Table(
            "masterclasses",
            Masterclass,
            key="slug",
            values=without("themes"),
            many={"themes": related(Theme, "slug", "themes")},
            defaults=published,
        ),
        Table("inspectorates", Inspectorate, key="short_name"),
        Table(
            "jtai_guides",
            JtaiGuide,
            key="slug",
            values=without("themes", "inspectorates"),
            many={
                "themes": related(Theme, "slug", "themes"),
                "inspectorates": related(Inspectorate, "short_name", "inspectorates"),
            },
            defaults=published,
        ),
    ]
