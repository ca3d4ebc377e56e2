from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CyscpConfig(AppConfig):
    name = "cyscp"
    verbose_name = "Learning hub and site-wide content"

    def ready(self):
        from . import documents, kinds, staff
        from .models import HubSection

        # Each content app's permissions are made after it migrates, so the
        # group is brought up to date after each of them.
        post_migrate.connect(staff.update_partnership_staff_group)

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
        documents.register_use(HubSection, "documents")
