"""The two roles of partnership staff, kept by the site itself.

- **Editor**: writes and changes content and submits it for approval. An
  editor cannot publish, schedule, unpublish or delete published content;
  editing a published item holds the changes back until a publisher
  publishes them (see cyscp.workflow). Site-wide records that are public the
  moment they change (themes, partnerships, the hub's heading, redirects) are
  read-only to editors.
- **Publisher**: everything an editor can do, plus publishing, scheduling,
  unpublishing, approving and rejecting, and every site-wide record.

Both groups are brought up to date after every migrate, so a new kind of
content reaches staff with the release that adds it. The "Partnership staff"
group of earlier releases becomes Publisher, keeping its members. Staff who
are not superusers see nothing in the admin until they are in a group.
"""

from django.apps import apps as global_apps
from django.db import DatabaseError, router, transaction

from . import registry

EDITOR = "Editor"
PUBLISHER = "Publisher"
# The name of the one group earlier releases kept; it could publish.
PARTNERSHIP_STAFF = "Partnership staff"
PUBLISH_PERMISSION = "cyscp.publish"
# The loader's bookkeeping and the workflow's own records: not content, and
# changed only through the site's own pages.
INTERNAL_MODELS = ["loadedrecord", "pendingchange", "publishingevent"]
# Site-wide records that are public as soon as they are saved: editors may
# look (and choose them in a form) but not change them.
PUBLISHER_ONLY_MODELS = ["theme", "partnership", "hubpage", "redirect", "inspectorate"]


def can_publish(user) -> bool:
    """Whether this member of staff may publish, schedule, unpublish, approve
    and reject. Superusers can."""
    return bool(user is not None and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def update_staff_groups(app_config=None, using="default", apps=global_apps, **kwargs):
    content_apps = registry.app_labels()
    if app_config is None or app_config.label not in content_apps:
        return
    # migrate passes the migration state's models, not the live ones: a
    # partial migrate (`migrate cyscp` on a new database) may not have made
    # auth's tables yet. flush passes none, and the live ones are right.
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    if not router.allow_migrate_model(using, group_model):
        return
    groups = group_model.objects.using(using)
    try:
        with transaction.atomic(using=using):
            old = groups.filter(name=PARTNERSHIP_STAFF).first()
            if old is not None:
                publisher = groups.filter(name=PUBLISHER).first()
                if publisher is None:
                    old.name = PUBLISHER
                    old.save(update_fields=["name"])
                else:
                    publisher.user_set.add(*old.user_set.all())
                    old.delete()
            content = (
                permission_model.objects.using(using)
                .filter(content_type__app_label__in=content_apps)
                .exclude(content_type__model__in=INTERNAL_MODELS)
            )
            app_label, codename = PUBLISH_PERMISSION.split(".")
            publish = permission_model.objects.using(using).filter(
                content_type__app_label=app_label, codename=codename
            )
            publisher, _ = groups.get_or_create(name=PUBLISHER)
            publisher.permissions.set([*content, *publish])
            editor, _ = groups.get_or_create(name=EDITOR)
            editor.permissions.set(
                content.exclude(
                    content_type__model__in=PUBLISHER_ONLY_MODELS,
                    codename__regex=r"^(add|change|delete)_",
                )
            )
    except DatabaseError:
        # auth is not migrated yet; the migrate that makes its tables runs this again.
        return
