from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate, pre_save
from django.utils.module_loading import autodiscover_modules


class CyscpConfig(AppConfig):
    name = "cyscp"
    verbose_name = "Learning hub and site-wide content"

    def ready(self):
        from . import (  # noqa: F401  (checks registers itself)
            checks,
            history,
            page_cache,
            redirects,
            registry,
            staff,
            text,
            workflow,
        )

        # Each app declares its kinds of content in its kinds.py: importing
        # them fills the registry, in the order of INSTALLED_APPS.
        autodiscover_modules("kinds")
        # A renamed item's old addresses keep working, for every kind in the
        # registry, so a new kind needs nothing more.
        redirects.connect_signals()
        # Every kind in the registry, and its child rows, keeps its versions.
        history.register_content_kinds()
        # A deleted item has nothing waiting to be published.
        workflow.connect_signals()
        # Any change the public can see makes every cached page stale.
        page_cache.connect_signals()
        # Text pasted from Word can carry characters no feed can: gone on save.
        for label in registry.app_labels():
            for model in apps.get_app_config(label).get_models():
                pre_save.connect(text.remove_control_characters, sender=model, weak=False)
        # Each content app's permissions are made after it migrates, so the
        # staff groups are brought up to date after each of them.
        post_migrate.connect(staff.update_staff_groups)
