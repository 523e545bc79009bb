from django.core.management.base import BaseCommand, CommandError

from werkbedrijf.demo.selectors import demo_totp_code
from werkbedrijf.demo.services import DemoDataError


class Command(BaseCommand):
    help = (
        "Print the current 2FA (TOTP) code of a demo user. "
        "Only on a development system (DEBUG and WERKBEDRIJF_DEMO_ALLOWED on)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            self.stdout.write(demo_totp_code(username=username))
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
