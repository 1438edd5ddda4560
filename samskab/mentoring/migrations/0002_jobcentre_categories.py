"""Seed the jobcentre visitation categories for young people under 30, as a dated code list.

The pre-reform codes stop and the post-reform codes start on REFORM_DATE. A later change to
the list is a new migration that closes codes (valid_to) and adds new versions; referrals keep
the code that was valid on their date.
"""

import datetime as dt

from django.db import migrations

REFORM_DATE = dt.date(2025, 7, 1)
SINCE = dt.date(2014, 1, 1)  # the 2014 kontanthjælpsreform introduced uddannelseshjælp

PRE_REFORM = [
    ("aabenlyst_uddannelsesparat", "Åbenlyst uddannelsesparat"),
    ("uddannelsesparat", "Uddannelsesparat"),
    ("aktivitetsparat_uddannelse", "Aktivitetsparat (uddannelseshjælp)"),
]
POST_REFORM = [
    ("uddannelsesparat", "Uddannelsesparat (efter reformen)"),
    ("jobparat", "Jobparat"),
    ("aktivitetsparat", "Aktivitetsparat"),
]


def seed(apps, schema_editor):
    JobcentreCategory = apps.get_model("mentoring", "JobcentreCategory")
    for code, label in PRE_REFORM:
        JobcentreCategory.objects.get_or_create(
            code=code, valid_from=SINCE, defaults={"label": label, "valid_to": REFORM_DATE}
        )
    for code, label in POST_REFORM:
        JobcentreCategory.objects.get_or_create(
            code=code, valid_from=REFORM_DATE, defaults={"label": label}
        )


def unseed(apps, schema_editor):
    apps.get_model("mentoring", "JobcentreCategory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
