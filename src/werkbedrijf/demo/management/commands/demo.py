import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from werkbedrijf.demo.services import (
    DEFAULT_CANDIDATES,
    DEFAULT_REGION_CODE,
    DEFAULT_SEED,
    DemoDataError,
    DemoResult,
    demo_region_build,
)


class Command(BaseCommand):
    help = (
        "Build a synthetic demo region (default AM18 Groot Amsterdam): organisations, a user for every role, "
        "candidates, employers with vacancies and job carving, labour pools with secondments, the instrument "
        "catalogue with budgets, and wage-value assessments with grants. "
        "Idempotent. "
        "Only on a development system (DEBUG and WERKBEDRIJF_DEMO_ALLOWED on)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", default=DEFAULT_REGION_CODE, help="Region code, e.g. AM18.")
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="The same seed gives the same people."
        )
        parser.add_argument(
            "--candidates",
            type=int,
            default=DEFAULT_CANDIDATES,
            help="Number of demo candidates in the region.",
        )

    def handle(self, *args, region, seed, candidates, **options):
        try:
            result = demo_region_build(
                region_code=region.upper(), seed=seed, candidates=candidates, stdout=self.stdout
            )
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        self._print_logins(result)

    def _print_logins(self, result: DemoResult) -> None:
        self.stdout.write("")
        self.stdout.write(
            _(
                "Demo region %(code)s %(name)s: %(organisations)s organisations, "
                "%(candidates)s candidates (%(seconds)s s)."
            )
            % {
                "code": result.region_code,
                "name": result.region_name,
                "organisations": result.organisations,
                "candidates": number_format(result.candidates, force_grouping=True),
                "seconds": number_format(result.seconds, decimal_pos=1),
            }
        )
        self.stdout.write("")
        header = (_("User name"), _("Role"), _("Organisation"), _("Regions"), _("Password"), _("2FA code"))
        rows = [
            (
                login.username,
                ", ".join(login.roles),
                login.organisation,
                ", ".join(login.regions),
                result.password,
                "demo_code" if login.two_factor else _("not needed"),
            )
            for login in result.logins
        ]
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        for index, row in enumerate([header, *rows]):
            self.stdout.write(
                "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write(_("2FA code for a user: .venv/bin/werkbedrijf demo_code <username>"))
        self.stdout.write(
            _("Log in at %(url)s") % {"url": f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"}
        )
