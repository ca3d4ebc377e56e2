from itertools import groupby

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from cyscp import registry
from cyscp.pages import BreadcrumbsMixin, LearningDetailView

from .calendar import calendar_for
from .models import Masterclass


def _with_details(queryset):
    return queryset.prefetch_related("themes", "speakers").with_presentations()


class MasterclassList(BreadcrumbsMixin, TemplateView):
    """Upcoming masterclasses, soonest first; then past ones by year, newest first."""

    template_name = "events/masterclass_list.html"

    def get_breadcrumbs(self):
        return registry.for_model(Masterclass).breadcrumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = _with_details(Masterclass.objects.published())
        past = list(published.past())
        context.update(
            kind=registry.for_model(Masterclass),
            upcoming=list(published.upcoming()),
            past_by_year=[
                (year, list(items))
                for year, items in groupby(past, key=lambda m: timezone.localtime(m.start).year)
            ],
        )
        return context


class MasterclassDetail(LearningDetailView):
    model = Masterclass

    def get_queryset(self):
        return _with_details(super().get_queryset())


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def masterclass_ics(request, slug):
    masterclass = get_object_or_404(Masterclass.objects.visible_to(request.user), slug=slug)
    content = calendar_for([masterclass], request, name=masterclass.title)
    return _ics_response(content, f"{masterclass.slug}.ics")


def calendar_ics(request):
    """Every published masterclass, for people who subscribe to the calendar."""
    masterclasses = Masterclass.objects.published().order_by("start")
    content = calendar_for(masterclasses, request, name="CYSCP Learning Masterclasses")
    return _ics_response(content, "cyscp-masterclasses.ics")
