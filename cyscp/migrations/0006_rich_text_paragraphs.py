"""Pass every stored rich-text value through the sanitiser once.

Text saved before the editor (plain lines typed into a textarea, or rows
written without the model's save) becomes paragraphs, which the editor
opens as they will show on the page. Values already clean are left as
they are, so pages render the same.
"""

from django.db import migrations

from cyscp.richtext import RichTextField, clean_html


def clean_rich_text(apps, schema_editor):
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, RichTextField)]
        if not fields:
            continue
        for row in model._base_manager.only("pk", *fields).iterator():
            changed = {
                name: clean_html(getattr(row, name))
                for name in fields
                if clean_html(getattr(row, name)) != getattr(row, name)
            }
            if changed:
                # update(), not save(): the row's other fields (updated_at) stay.
                model._base_manager.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("cyscp", "0005_redirects"),
        ("reviews", "0004_publication_date_help"),
        ("briefings", "0004_publication_date_help"),
        ("events", "0002_search"),
    ]

    operations = [migrations.RunPython(clean_rich_text, migrations.RunPython.noop)]
