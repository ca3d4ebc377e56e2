from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from cyscp.search_migrations import AddSearchVector


class Migration(migrations.Migration):
    dependencies = [("cyscp", "0001_initial")]

    operations = [
        # pg_trgm powers "Did you mean"; PostgreSQL only (skipped on SQLite).
        TrigramExtension(),
        AddSearchVector("hubsection", {"A": ("title",), "B": ("body",)}),
    ]
