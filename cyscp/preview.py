"""Preview before saving: the unsaved contents of a change form, shown in the
public page's layout, in a new tab.

The form and its child rows (the seven points, speakers) are saved inside a
transaction, the public page is rendered from the database as it would be,
and the transaction is rolled back: nothing is kept, nothing reaches the
public, and the page is exactly what saving would give (themes, points and
files included), because it is made by the page's own view.
"""

import copy

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import Http404, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, resolve, reverse
from django.views.decorators.http import require_POST


class PreviewAdminMixin:
    """Adds a Preview button to a content admin's change form."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [
            path("add/preview/", preview, name="{}_{}_preview_new".format(*info)),
            path("<path:object_id>/preview/", preview, name="{}_{}_preview".format(*info)),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}"
        existing = obj is not None and obj.pk
        if existing:
            allowed = self.has_change_permission(request, obj)
        else:
            allowed = self.has_add_permission(request)
        # Staff who may only look at the item get no button that would refuse them.
        if allowed:
            context["preview_url"] = (
                reverse(f"{name}_preview", args=[quote(obj.pk)])
                if existing
                else reverse(f"{name}_preview_new")
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_view(self, request, object_id=None):
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404("Nothing to preview.")
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied

        with transaction.atomic(using=router.db_for_write(self.model)):
            obj = self.start_preview(obj)
            response = self._render_preview(request, obj)
            transaction.set_rollback(True)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def start_preview(self, obj):
        """The item the form's changes apply to, inside the preview's
        transaction (which is rolled back)."""
        return obj

    def _render_preview(self, request, obj):
        form_class = self.get_form(request, obj, change=obj is not None)
        form = form_class(request.POST, request.FILES, instance=obj)
        form_valid = form.is_valid()
        new_object = form.instance
        formsets, _ = self._create_formsets(request, new_object, change=obj is not None)
        formsets_valid = all(formset.is_valid() for formset in formsets)
        if not (form_valid and formsets_valid):
            return self._preview_problems(request, form, formsets)

        new_object = form.save()
        for formset in formsets:
            formset.instance = new_object
            formset.save()

        # The page's own view renders it, as for a GET by this member of staff.
        page_request = copy.copy(request)
        page_request.method = "GET"
        page_request.GET = QueryDict()
        page_request.POST = QueryDict()
        page_request.is_unsaved_preview = True
        address = new_object.get_absolute_url().split("#", 1)[0]
        match = resolve(address)
        response = match.func(page_request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()  # now, while the unsaved rows are still there
        return response

    def _preview_problems(self, request, form, formsets):
        problems = [
            (form[name].label if name in form.fields else "", message)
            for name, messages in form.errors.items()
            for message in messages
        ]
        for formset in formsets:
            problems += [("", message) for message in formset.non_form_errors()]
            for index, errors in enumerate(formset.errors, start=1):
                for name, messages in errors.items():
                    label = formset.form.base_fields.get(name)
                    label = f"{formset.prefix} {index}: {label.label if label else name}"
                    problems += [(label, message) for message in messages]
        context = {
            **self.admin_site.each_context(request),
            "title": "The preview cannot be shown yet",
            "problems": problems,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/cyscp/preview_problems.html", context, status=200)
