from django.core.management.base import BaseCommand
from django.utils import timezone

from werkbedrijf.instruments.services import grants_redetermine
from werkbedrijf.regions.models import Region


class Command(BaseCommand):
    help = (
        "The 1 January re-determination of wage-cost subsidy (Participatiewet art. 10d lid 7): give every "
        "granted "
        "or running grant its payment lines of the year with that year's legal figures. Idempotent; run it "
        "after "
        "the new minimum wage has been entered."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Default: the current year.")

    def handle(self, *args, **options):
        year = options["year"] or timezone.localdate().year
        for region in Region.objects.order_by("code"):
            changed = grants_redetermine(region=region, year=year)
            if changed:
                self.stdout.write(f"{region.code}: {changed} toekenningen opnieuw vastgesteld voor {year}")
