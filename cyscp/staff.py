"""The group that partnership staff belong to, kept by the site itself.

Staff who are not superusers see nothing in the admin until they have
permissions. The "Partnership staff" group holds every permission on the
site's content (case reviews, briefings, masterclasses, documents, the hub)
and none on user accounts. It is brought up to date after every migrate, so
a new kind of content reaches staff with the release that adds it; a
partnership that wants narrower roles makes groups of its own beside it.
"""

from django.contrib.auth.models import Group, Permission

PARTNERSHIP_STAFF = "Partnership staff"
CONTENT_APPS = ["cyscp", "reviews", "briefings", "events"]
# The loader's own bookkeeping: not content, and editing it would confuse the loader.
INTERNAL_MODELS = ["loadedrecord"]


def content_permissions(using="default"):
    return (
        Permission.objects.using(using)
        .filter(content_type__app_label__in=CONTENT_APPS)
        .exclude(content_type__model__in=INTERNAL_MODELS)
    )


def update_partnership_staff_group(app_config=None, using="default", **kwargs):
    if app_config is None or app_config.label not in CONTENT_APPS:
        return
    group, _ = Group.objects.using(using).get_or_create(name=PARTNERSHIP_STAFF)
    group.permissions.set(content_permissions(using))
