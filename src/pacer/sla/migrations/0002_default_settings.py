"""The field's default SLAs as editable rows: contract review 3 days, the others 2–3."""

from typing import Any

from django.db import migrations

DEFAULTS = {"contract_review": 3, "quote_approval": 2, "delivery_date": 2, "other": 3}


def create_defaults(apps: Any, schema_editor: Any) -> None:
    setting = apps.get_model("sla", "SlaSetting")
    for kind, days in DEFAULTS.items():
        setting.objects.get_or_create(kind=kind, defaults={"days": days})


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
