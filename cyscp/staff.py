"""The group that partnership staff belong to, kept by the site itself.

Staff who are not superusers see nothing in the admin until they have
permissions. The "Partnership staff" group holds every permission in the
apps that declare kinds of content (see cyscp.registry), documents, themes
and the hub included, and none on user accounts. It is brought up to date after every migrate, so
a new kind of content reaches staff with the release that adds it; a
partnership that wants narrower roles makes groups of its own beside it.
"""

from django.db import DatabaseError, router, transaction

from . import registry

PARTNERSHIP_STAFF = "Partnership staff"
# The loader's own bookkeeping: not content, and editing it would confuse the loader.
INTERNAL_MODELS = ["loadedrecord"]


def update_partnership_staff_group(app_config=None, using="default", apps=None, **kwargs):
    content_apps = registry.app_labels()
    if app_config is None or app_config.label not in content_apps or apps is None:
        return
    # The migration state's models, not the live ones: a partial migrate
    # (`migrate cyscp` on a new database) may not have made auth's tables yet.
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    if not router.allow_migrate_model(using, group_model):
        return
    try:
        with transaction.atomic(using=using):
            group, _ = group_model.objects.using(using).get_or_create(name=PARTNERSHIP_STAFF)
            permissions = (
                permission_model.objects.using(using)
                .filter(content_type__app_label__in=content_apps)
                .exclude(content_type__model__in=INTERNAL_MODELS)
            )
            group.permissions.set(permissions)
    except DatabaseError:
        # auth is not migrated yet; the migrate that makes its tables runs this again.
        return
