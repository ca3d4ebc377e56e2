from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Learning masterclasses"

    def ready(self):
        from cyscp import documents, kinds

        from . import listings  # noqa: F401  (registers the hub's listing)
        from .models import Masterclass

        kinds.register(
            kinds.ContentKind(
                key="masterclasses",
                label="Learning Masterclasses",
                model=Masterclass,
                list_url_name="events:list",
                search_fields={"A": ("title",), "B": ("description",), "C": ("venue",)},
                # A handful a year: the theme page shows them all.
                theme_filter=False,
            )
        )
        documents.register_use(Masterclass, "presentations")
