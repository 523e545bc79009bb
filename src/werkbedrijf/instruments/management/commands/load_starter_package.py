from django.core.management.base import BaseCommand, CommandError

from werkbedrijf.instruments.services import load_starter_package
from werkbedrijf.regions.models import Region


class Command(BaseCommand):
    help = (
        "Load the region's starter catalogue of instruments (idempotent: instruments the region already "
        "has are "
        "left alone). Load the legal parameters first: some maximums are read from them."
    )

    def add_arguments(self, parser):
        parser.add_argument("regions", nargs="*", help="Region codes (AMxx); all regions when left out.")

    def handle(self, *args, **options):
        codes = [code.upper() for code in options["regions"]]
        regions = Region.objects.filter(code__in=codes) if codes else Region.objects.all()
        missing = set(codes) - set(regions.values_list("code", flat=True))
        if missing:
            raise CommandError(f"Onbekende regio: {', '.join(sorted(missing))}")
        for region in regions.order_by("code"):
            result = load_starter_package(region)
            self.stdout.write(
                f"{region.code}: {len(result.created)} instrumenten toegevoegd, {len(result.existing)} al "
                f"aanwezig"
            )
