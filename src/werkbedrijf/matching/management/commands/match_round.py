"""`werkbedrijf match_round`: a region's proposal round from the command line.

    werkbedrijf match_round --region AM18 [--on YYYY-MM-DD] [--top-k K] [--dry-run] [--export FILE]
                            [--user NAME]
    werkbedrijf match_round --all-regions [--on …] [--top-k K] [--user NAME]

With --region the round runs in this process, with its stages printed. Without --dry-run it is stored like a
round started on the page (its suggestions appear there); with --dry-run nothing is stored. --export writes
every scored pair as CSV (candidate uuid, vacancy uuid, points, tier, chosen 0/1) so the assignment can be
checked with another solver; the export is recorded in the access log.

Who: with --user the round is started as that user (who must be allowed to start rounds in the region);
without it the run is a system run, recorded as "system" in the access log and with no starter on the round
(as other scheduled jobs, e.g. redetermine_grants, record their changes).

--all-regions queues one round per region with open vacancies, each its own Celery task, so workers run the
regions side by side (in-process one after another when no broker is configured).
"""

import argparse
import csv
import logging
import traceback
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from werkbedrijf.accounts.models import User
from werkbedrijf.matching.models import RoundStatus
from werkbedrijf.matching.permissions import may_start_round
from werkbedrijf.matching.rounds import (
    EXPORT_HEADER,
    compute_round,
    export_rows,
    log_export,
    round_run,
    round_start,
)
from werkbedrijf.regions.models import Region
from werkbedrijf.vacancies.models import Vacancy, VacancyStatus

logger = logging.getLogger(__name__)

STAGES = {
    "loading": "laden",
    "scoring": "scoren",
    "solving": "toewijzen",
    "saving": "opslaan",
    "done": "klaar",
    "failed": "mislukt",
}


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"geen geldige datum (JJJJ-MM-DD): {value!r}") from exc


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"geen geheel getal: {value!r}") from exc
    if number < 1:
        raise argparse.ArgumentTypeError("minstens 1")
    return number


class Command(BaseCommand):
    help = (
        "Compute a region-wide proposal round: the best assignment of available candidates to open "
        "positions. Stores the round's suggestions, or with --dry-run only prints (and exports) the result."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--region", help="Region code, e.g. AM18.")
        which.add_argument(
            "--all-regions", action="store_true", help="Queue a round for every region with open vacancies."
        )
        parser.add_argument("--on", type=_date, help="The round's date (YYYY-MM-DD); default today.")
        parser.add_argument("--top-k", type=_positive, help="Keep the best K pairs per open position.")
        parser.add_argument("--dry-run", action="store_true", help="Compute and print; store nothing.")
        parser.add_argument("--export", metavar="FILE", help="Write every scored pair as CSV to FILE.")
        parser.add_argument("--user", help="Start the round as this user (default: a system run).")

    def handle(self, *args, **options):
        user = self._user(options["user"])
        on = options["on"] or timezone.localdate()
        if options["all_regions"]:
            if options["export"] or options["dry_run"]:
                raise CommandError("--export en --dry-run gaan alleen samen met --region.")
            return self._all_regions(user=user, on=on, top_k=options["top_k"])
        region = Region.objects.filter(code=options["region"].upper()).first()
        if region is None:
            raise CommandError(f"Onbekende regio: {options['region']}")
        export = self._open_export(options["export"])
        try:
            self._one_region(
                user=user,
                region=region,
                on=on,
                top_k=options["top_k"],
                dry_run=options["dry_run"],
                export=export,
            )
        finally:
            if export is not None:
                export.close()

    def _user(self, username):
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Onbekende of inactieve gebruiker: {username}")
        return user

    def _open_export(self, path):
        if not path:
            return None
        try:
            return open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115 - closed in handle
        except OSError as exc:
            raise CommandError(f"Kan het exportbestand niet schrijven: {path} ({exc.strerror})") from exc

    def _progress(self, stage, percent):
        self.stdout.write(f"  {STAGES.get(str(stage), stage)} … {percent}%")

    def _one_region(self, *, user, region, on, top_k, dry_run, export):
        self.stdout.write(f"Matchronde {region.code} op {on:%Y-%m-%d}" + (" (proefrun)" if dry_run else ""))
        match_round = None
        if dry_run:
            if user is not None and not may_start_round(user, region):
                raise CommandError(f"{user.username} mag geen matchronde starten in {region.code}.")
            try:
                result = compute_round(region=region, on=on, top_k=top_k, progress=self._progress)
            except Exception as error:
                logger.error(
                    "Dry-run matching round for %s failed with %s\n%s",
                    region.code,
                    type(error).__name__,
                    "".join(traceback.format_tb(error.__traceback__)),
                )
                raise CommandError(
                    "De proefrun is mislukt door een onverwachte fout (zie het logboek)."
                ) from None
        else:
            try:
                match_round = round_start(user=user, region=region, on=on, top_k=top_k, enqueue=False)
            except PermissionDenied as exc:
                raise CommandError(f"{user.username} mag geen matchronde starten in {region.code}.") from exc
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            result = round_run(match_round.uuid, progress=self._progress)
            match_round.refresh_from_db()
            if result is None or match_round.status != RoundStatus.DONE:
                raise CommandError(f"De matchronde is mislukt: {match_round.get_error_display()}")
        a = result.assignment
        rows = [
            ("open plaatsen", result.positions),
            ("vacatures", len(result.jobs)),
            ("kandidaten in de pool", len(result.pool)),
            ("kandidaten met een passend paar", result.candidates_eligible),
            ("buiten de ronde: in een lopend traject", result.candidates_in_process),
            ("paren overgeslagen: eerder afgewezen", result.declined_pairs_skipped),
            ("passende paren", len(result.edges)),
            ("suggesties", len(a.proposals)),
            ("totaal punten", a.objective),
            ("eerste rang (voorrangsregel)", a.first_tier),
            ("niet vervulde plaatsen", a.unfilled),
            ("seconden", f"{result.seconds:.2f}"),
        ]
        width = max(len(label) for label, _value in rows)
        for label, value in rows:
            self.stdout.write(f"  {label:<{width}}  {value}")
        if match_round is not None:
            self.stdout.write(f"  opgeslagen als ronde {match_round.uuid}")
        if export is not None:
            writer = csv.writer(export)
            writer.writerow(EXPORT_HEADER)
            count = 0
            for row in export_rows(result):
                writer.writerow(row)
                count += 1
            export.flush()
            log_export(user=user, region=region, match_round=match_round, on=on, rows=count, path=export.name)
            self.stdout.write(f"  {count} paren geëxporteerd naar {export.name}")

    def _all_regions(self, *, user, on, top_k):
        regions = Region.objects.filter(
            pk__in=Vacancy.objects.filter(status=VacancyStatus.OPEN).values("region")
        ).order_by("code")
        queued = 0
        for region in regions:
            try:
                match_round = round_start(user=user, region=region, on=on, top_k=top_k)
            except PermissionDenied:
                self.stderr.write(f"{region.code}: {user.username} mag hier geen matchronde starten.")
                continue
            except ValidationError as exc:
                self.stderr.write(f"{region.code}: {' '.join(exc.messages)}")
                continue
            queued += 1
            self.stdout.write(f"{region.code}: ronde {match_round.uuid} in de wachtrij")
        self.stdout.write(f"{queued} matchronde(s) gestart.")
