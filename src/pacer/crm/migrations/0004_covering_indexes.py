"""Covering indexes for the company-wide yearly sums of orders and payments (PostgreSQL reads
them without the tables; elsewhere they are plain indexes on the date, as before)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("crm", "0003_project_red_flags"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="order",
            index=models.Index(
                fields=["signed_date"],
                include=("amount", "person", "customer"),
                name="crm_order_signed_cover",
            ),
        ),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(
                fields=["date"], include=("amount", "order"), name="crm_payment_date_cover"
            ),
        ),
        migrations.RemoveIndex(
            model_name="order",
            name="crm_order_signed__ff3621_idx",
        ),
        migrations.RemoveIndex(
            model_name="payment",
            name="crm_payment_date_729813_idx",
        ),
    ]
