from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = "7 point briefings and JTAI guides"

    def ready(self):
        from cyscp import documents, kinds

        from . import listings  # noqa: F401  (registers the hub's listings)
        from .models import Briefing, JtaiGuide

        kinds.register(
            kinds.ContentKind(
                key="briefings",
                label="7 point briefings",
                model=Briefing,
                list_url_name="briefings:list",
                select_related=("partnership",),
                search_fields={
                    "A": ("title",),
                    "B": ("summary",),
                    "C": ("points_text", "reflection_questions"),
                },
            )
        )
        kinds.register(
            kinds.ContentKind(
                key="jtai-guides",
                label="JTAI guides",
                model=JtaiGuide,
                list_url_name="briefings:jtai_list",
                search_fields={
                    "A": ("title",),
                    "B": ("summary", "inspection_theme"),
                    "C": ("body",),
                },
            )
        )
        documents.register_use(Briefing, "documents")
        documents.register_use(JtaiGuide, "document")
