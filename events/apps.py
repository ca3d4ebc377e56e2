from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Learning masterclasses"

    def ready(self):
        from cyscp import documents, kinds

        from . import listings  # noqa: F401  (registers the hub's listing)
        from .models import Masterclass

        kinds.register(kinds.ContentKind("Learning Masterclasses", Masterclass, "events:list"))
        documents.register_use(Masterclass, "presentations")
