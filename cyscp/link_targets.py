"""What staff can link to from rich text: every item of learning, draft or
published, and every document, found by title for the editor's link dialog.

Links are stored as the item's address on this site; when an address changes,
the old one redirects to the new (cyscp.redirects), so links keep working.
"""

from django.http import JsonResponse

from . import registry
from .models import Document

PER_KIND = 8
MIN_LENGTH = 2


def link_targets(request):
    """Staff only (wrapped by the admin site): {"results": [{title, url, kind}]}."""
    words = " ".join(request.GET.get("q", "").split())[:100]
    if len(words) < MIN_LENGTH:
        return JsonResponse({"results": []})
    results = []
    for kind in registry.learning_kinds():
        title = kind.search_fields["A"][0]
        # With its list rows: a case review's heading names its partnership.
        items = kind.with_list_rows(
            kind.model.objects.filter(**{f"{title}__icontains": words}).order_by(title)
        )[:PER_KIND]
        results += [{"title": i.heading, "url": i.get_absolute_url(), "kind": kind.noun}
                    for i in items]  # fmt: skip
    documents = Document.objects.filter(title__icontains=words).order_by("title")[:PER_KIND]
    results += [
        {"title": d.title, "url": d.get_absolute_url(), "kind": f"file ({d.type_label})"}
        for d in documents
    ]
    return JsonResponse({"results": results})
