"""The data version row and the triggers that change it on every write to a watched table."""

import uuid

import django.utils.timezone
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from pacer.ops import triggers


def install_all(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("ops", "DataVersion").objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex}
    )
    triggers.install_function(schema_editor)
    for table in triggers.watched_tables(apps):
        triggers.install(schema_editor, table)


def remove_all(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for table in triggers.watched_tables(apps):
        triggers.remove(schema_editor, table)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {triggers.PG_FUNCTION}()")
        schema_editor.execute("DROP SEQUENCE IF EXISTS ops_datachange_writes")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("adjustments", "0001_initial"),
        ("alerts", "0001_initial"),
        ("crm", "0003_project_red_flags"),
        ("forecasts", "0001_initial"),
        ("incentives", "0001_initial"),
        ("org", "0001_initial"),
        ("plans", "0001_initial"),
        ("reviews", "0001_initial"),
        ("sla", "0002_default_settings"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("token", models.CharField(max_length=64, verbose_name="数据版本")),
                (
                    "changed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="变更时间"
                    ),
                ),
            ],
            options={"verbose_name": "数据版本", "verbose_name_plural": "数据版本"},
        ),
        migrations.CreateModel(
            name="DataChange",
            fields=[
                ("txid", models.BigIntegerField(primary_key=True, serialize=False)),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("writes", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(install_all, remove_all),
    ]
