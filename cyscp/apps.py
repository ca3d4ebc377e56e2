from django.apps import AppConfig


class CyscpConfig(AppConfig):
    name = "cyscp"
    verbose_name = "Learning hub and site-wide content"

    def ready(self):
        from . import kinds
        from .models import HubSection

        # Searched, but not an item of learning with its own page and themes.
        kinds.register(
            kinds.ContentKind(
                key="hub",
                label="Learning hub sections",
                model=HubSection,
                list_url_name="hub",
                search_fields={"A": ("title",), "B": ("body",)},
                is_learning=False,
            )
        )
