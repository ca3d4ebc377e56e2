from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Case reviews and national panel publications"

    def ready(self):
        from cyscp import documents, kinds

        from . import listings  # noqa: F401  (registers the hub's listings)
        from .models import CaseReview, PanelPublication

        kinds.register(
            kinds.ContentKind(
                key="case-reviews",
                label="Case reviews",
                model=CaseReview,
                list_url_name="reviews:list",
                select_related=("partnership",),
                search_fields={
                    "A": ("title", "child_pseudonym"),
                    "B": ("incident_summary",),
                    "C": ("background", "learning", "recommendations", "review_method"),
                },
            )
        )
        kinds.register(
            kinds.ContentKind(
                key="national-panel",
                label="National panel publications",
                model=PanelPublication,
                list_url_name="reviews:panel_list",
                search_fields={"A": ("title",), "B": ("summary",), "C": ("key_points",)},
            )
        )
        documents.register_use(CaseReview, "report")
