from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = "7 point briefings and JTAI guides"

    def ready(self):
        from cyscp import documents, kinds

        from . import listings  # noqa: F401  (registers the hub's listings)
        from .models import Briefing, JtaiGuide

        kinds.register(
            kinds.ContentKind("7 point briefings", Briefing, "briefings:list", ("partnership",))
        )
        kinds.register(kinds.ContentKind("JTAI guides", JtaiGuide, "briefings:jtai_list"))
        documents.register_use(Briefing, "documents")
        documents.register_use(JtaiGuide, "document")
