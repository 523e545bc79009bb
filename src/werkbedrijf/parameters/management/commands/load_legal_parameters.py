from django.core.management.base import BaseCommand, CommandError

from werkbedrijf.parameters.loader import ParameterFileError, load_legal_parameters


class Command(BaseCommand):
    help = "Load the shipped legal parameters and jobs agreement targets (idempotent)."

    def handle(self, *args, **options):
        try:
            result = load_legal_parameters()
        except ParameterFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in result.counts.items()))
        for conflict in result.conflicts:
            self.stdout.write(self.style.WARNING(conflict))
