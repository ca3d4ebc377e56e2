from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Case reviews and national panel publications"

    def ready(self):
        from cyscp import documents, kinds

        from . import listings  # noqa: F401  (registers the hub's listings)
        from .models import CaseReview, PanelPublication

        kinds.register(
            kinds.ContentKind("Case reviews", CaseReview, "reviews:list", ("partnership",))
        )
        kinds.register(
            kinds.ContentKind("National panel publications", PanelPublication, "reviews:panel_list")
        )
        documents.register_use(CaseReview, "report")
