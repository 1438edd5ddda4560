"""Who entered a paper ballot becomes a label (their e-mail) next to a key that no longer
blocks deleting their account (PROTECT -> SET_NULL). Existing paper ballots get the label of
the account that entered them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def label_existing_paper_ballots(apps, schema_editor):
    Ballot = apps.get_model("budgets", "Ballot")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    # A queryset update: the tamper seal's signals do not run, and the published file does not
    # contain who entered a ballot, so published results verify as before.
    Ballot.objects.filter(channel="paper", entered_by__isnull=False).update(
        entered_by_label=Subquery(
            User.objects.filter(pk=OuterRef("entered_by_id")).values("email")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0003_one_proof_per_process"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="ballot",
            name="paper_ballot_has_official",
        ),
        migrations.AddField(
            model_name="ballot",
            name="entered_by_label",
            field=models.CharField(
                blank=True, default="", max_length=254, verbose_name="indtastet af"
            ),
        ),
        migrations.AlterField(
            model_name="ballot",
            name="entered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(label_existing_paper_ballots, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("channel", "online"),
                        ("entered_by__isnull", True),
                        ("entered_by_label", ""),
                    ),
                    models.Q(
                        ("channel", "paper"), models.Q(("entered_by_label", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="paper_ballot_names_its_official",
            ),
        ),
    ]
