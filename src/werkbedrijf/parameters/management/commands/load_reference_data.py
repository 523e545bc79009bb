from django.core.management.base import BaseCommand, CommandError

from werkbedrijf.parameters.loader import ParameterFileError, load_legal_parameters
from werkbedrijf.regions.loader import ReferenceDataError, load_all


class Command(BaseCommand):
    help = (
        "Load the shipped reference data (regions, municipalities, postcodes, occupations, sectors) and the "
        "dated legal parameters. Idempotent: running it twice gives the same state."
    )

    def handle(self, *args, **options):
        try:
            load_all(stdout=self.stdout)
            result = load_legal_parameters()
        except (ReferenceDataError, ParameterFileError) as error:
            raise CommandError(str(error)) from error
        c = result.counts
        self.stdout.write(
            f"Wettelijke parameters: {c['parameters_created']} nieuw, {c['parameters_updated']} bijgewerkt, "
            f"{c['parameters_unchanged']} ongewijzigd, {c['parameters_removed']} verwijderd, "
            f"{c['parameters_kept_admin']} door een beheerder ingevoerd en behouden"
        )
        self.stdout.write(
            f"Doelen banenafspraak: {c['targets_created']} nieuw, {c['targets_updated']} bijgewerkt, "
            f"{c['targets_unchanged']} ongewijzigd"
        )
        for conflict in result.conflicts:
            self.stdout.write(self.style.WARNING(f"Let op: {conflict}"))
        self.stdout.write(self.style.SUCCESS("Referentiegegevens geladen."))
