from django.db import migrations

from cyscp.search_migrations import AddSearchVector


class Migration(migrations.Migration):
    dependencies = [("briefings", "0002_briefing_points_text"), ("cyscp", "0002_search")]

    operations = [
        AddSearchVector(
            "briefing",
            {"A": ("title",), "B": ("summary",), "C": ("points_text", "reflection_questions")},
        ),
        AddSearchVector(
            "jtaiguide",
            {"A": ("title",), "B": ("summary", "inspection_theme"), "C": ("body",)},
        ),
    ]
