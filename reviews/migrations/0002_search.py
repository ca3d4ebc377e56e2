from django.db import migrations

from cyscp.search_migrations import AddSearchVector


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial"), ("cyscp", "0002_search")]

    operations = [
        AddSearchVector(
            "casereview",
            {
                "A": ("title", "child_pseudonym"),
                "B": ("incident_summary",),
                "C": ("background", "learning", "recommendations", "review_method"),
            },
        ),
        AddSearchVector(
            "panelpublication", {"A": ("title",), "B": ("summary",), "C": ("key_points",)}
        ),
    ]
