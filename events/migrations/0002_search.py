from django.db import migrations

from cyscp.search_migrations import AddSearchVector


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial"), ("cyscp", "0002_search")]

    operations = [
        AddSearchVector(
            "masterclass", {"A": ("title",), "B": ("description",), "C": ("venue",)}
        ),
    ]
