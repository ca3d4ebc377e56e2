"""What the hub lists from this app: the latest masterclasses and their slides."""

from cyscp import listings

from .models import Masterclass

LATEST = 6


@listings.register(
    "masterclasses", "Learning Masterclasses", "includes/listings/masterclasses.html"
)
def masterclasses(request):
    from .views import presentations_in_order

    published = Masterclass.objects.published().prefetch_related(presentations_in_order())
    # Every upcoming one, then the most recent past ones.
    return [*published.upcoming(), *published.past()[:LATEST]]
