import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_organisation_version"),
        ("people", "0007_opted_out_index"),
        ("referrals", "0011_covering_list_indexes"),
    ]

    operations = [
        # The practice's index with the organisation first, then the practice's own dropped:
        # the foreign key is never without an index.
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["gp_practice", "organisation"], name="referral_practice_idx"
            ),
        ),
        migrations.AlterField(
            model_name="referral",
            name="gp_practice",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="people.gppractice",
                verbose_name="GP practice",
            ),
        ),
        migrations.AddIndex(
            model_name="codedevent",
            index=models.Index(
                fields=["organisation", "at"], include=("code",), name="codedevent_report_idx"
            ),
        ),
    ]
