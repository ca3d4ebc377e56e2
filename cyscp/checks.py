"""Checks that every kind of content is declared, and declared right, and
that the cache and storage the settings name can be loaded.

A kind left out of the registry would silently drop out of search, theme
pages, feeds and the sitemap, and its files would never become public; a
search weight that differs from its migration would rank on columns that do
not exist. `manage.py check` (run by CI) fails on either.
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db.migrations.loader import MigrationLoader
from django.urls import NoReverseMatch, reverse

from . import registry, services
from .publishing import Publishable
from .search_migrations import AddSearchVector


def _document_fields(model) -> set[str]:
    document = apps.get_model("cyscp", "Document")
    return {
        field.name
        for field in model._meta.get_fields()
        if field.is_relation
        and not field.auto_created
        and (field.many_to_many or field.many_to_one)
        and field.related_model is document
    }


def _search_weights_in_migrations() -> dict[tuple[str, str], dict[str, tuple[str, ...]]]:
    """(app label, model name) -> the weights of the last AddSearchVector
    that the app's migrations apply to that model."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    weights = {}
    for app_label in registry.app_labels():
        for leaf in loader.graph.leaf_nodes(app_label):
            for node in loader.graph.forwards_plan(leaf):
                if node[0] != app_label:
                    continue
                for operation in loader.graph.nodes[node].operations:
                    if isinstance(operation, AddSearchVector):
                        weights[(app_label, operation.model_name.lower())] = {
                            weight: tuple(names) for weight, names in operation.fields.items()
                        }
    return weights


def _reverses(name: str, args=()) -> bool:
    try:
        reverse(name, args=args)
    except NoReverseMatch:
        return False
    return True


@checks.register("content")
def check_content_kinds(app_configs=None, **kwargs):
    errors = []
    for model in apps.get_models():
        if issubclass(model, Publishable) and registry.for_model(model) is None:
            errors.append(
                checks.Error(
                    f"{model._meta.label} is publishable content but no kind declares it.",
                    hint=(
                        f"Register a ContentKind for it in {model._meta.app_label}/kinds.py, "
                        "so search, theme pages, feeds, the sitemap and its files know it."
                    ),
                    obj=model,
                    id="cyscp.E001",
                )
            )

    in_migrations = _search_weights_in_migrations()
    for kind in registry.all_kinds():
        model = kind.model
        declared = {weight: tuple(names) for weight, names in kind.search_fields.items()}
        migrated = in_migrations.get((model._meta.app_label, model._meta.model_name))
        # No weights declared must mean no search column, or the kind would
        # silently drop out of search.
        if declared != (migrated or {}):
            errors.append(
                checks.Error(
                    f"The “{kind.key}” kind searches {declared or 'nothing'}, but its "
                    f"migrations build the search column from {migrated or 'nothing'}.",
                    hint=(
                        "Change the kind's search_fields to match, or add a migration that "
                        "drops the search_vector column and adds it with AddSearchVector "
                        "and the new weights (see cyscp.search_migrations)."
                    ),
                    obj=model,
                    id="cyscp.E002",
                )
            )

        document_fields = _document_fields(model)
        undeclared = sorted(document_fields - set(kind.file_fields))
        if undeclared:
            errors.append(
                checks.Error(
                    f"{model._meta.label}.{', '.join(undeclared)} hold documents, but the "
                    f"“{kind.key}” kind does not list them in file_fields.",
                    hint="Their files would never become public: add them to file_fields.",
                    obj=model,
                    id="cyscp.E003",
                )
            )
        not_files = sorted(set(kind.file_fields) - document_fields)
        if not_files:
            errors.append(
                checks.Error(
                    f"The “{kind.key}” kind lists {', '.join(not_files)} in file_fields, but "
                    f"{model._meta.label} has no such field holding documents.",
                    obj=model,
                    id="cyscp.E004",
                )
            )

        routes = [(kind.list_url_name, ())]
        if kind.detail_url_name:
            routes.append((kind.detail_url_name, ("a-slug",)))
        for name, args in routes:
            if not _reverses(name, args):
                errors.append(
                    checks.Error(
                        f"The “{kind.key}” kind names the route “{name}”, which does not exist.",
                        obj=model,
                        id="cyscp.E005",
                    )
                )
        has_themes_field = "themes" in {f.name for f in model._meta.get_fields()}
        if kind.has_themes != has_themes_field:
            errors.append(
                checks.Error(
                    f"The “{kind.key}” kind says has_themes={kind.has_themes}, but "
                    f"{model._meta.label} {'has' if has_themes_field else 'has no'} themes field.",
                    hint="Theme pages, feeds and the sitemap would leave its items out.",
                    obj=model,
                    id="cyscp.E006",
                )
            )
    return errors


@checks.register("services")
def check_services(app_configs=None, **kwargs):
    """The cache and the storages that settings name can be loaded."""
    errors = []
    for alias, cache in settings.CACHES.items():
        if cache.get("BACKEND") == services.UNAVAILABLE:
            errors.append(
                checks.Error(
                    f"The cache “{alias}” cannot be used: "
                    + services.unavailable_message(cache["MISSING"]),
                    hint="Install its client, pinned in requirements.lock (make install), "
                    "or set CACHE_URL to another cache.",
                    id="cyscp.E010",
                )
            )
    for alias, storage in settings.STORAGES.items():
        backend = storage.get("BACKEND", "")
        problem = services.import_problem(backend)
        if problem:
            setting = "MEDIA_STORAGE" if alias == "default" else "STATICFILES_STORAGE"
            errors.append(
                checks.Error(
                    f"The storage “{alias}” ({setting}) names {backend}, which cannot be "
                    f"imported: {problem}.",
                    hint="Check the dotted path, and that its package is installed.",
                    id="cyscp.E011",
                )
            )
    return errors
