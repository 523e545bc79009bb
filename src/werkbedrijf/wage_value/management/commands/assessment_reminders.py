from django.core.management.base import BaseCommand

from werkbedrijf.wage_value.reminders import reassessment_reminders
from werkbedrijf.wage_value.selectors import REMINDER_WINDOW_DAYS


class Command(BaseCommand):
    help = (
        "List the wage-value assessments due for re-assessment (date passed or within the window), per "
        "region. Names no candidate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=REMINDER_WINDOW_DAYS, help="Window in days (default 30)."
        )

    def handle(self, *args, days, **options):
        reminders = reassessment_reminders(window_days=days)
        for r in reminders:
            state = "verlopen" if r.overdue else "binnenkort"
            self.stdout.write(
                f"{r.region_code}\t{r.next_assessment_on:%Y-%m-%d}\t{state}\t{r.assessment_uuid}\t"
                f"{r.assessor}\t{r.organisation}"
            )
        self.stdout.write(f"{len(reminders)} herbeoordeling(en) te plannen.")
