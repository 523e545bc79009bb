from django.core.management.base import BaseCommand

from werkbedrijf.placements.reminders import checkpoint_reminders


class Command(BaseCommand):
    help = "Make the reminders for aftercare checkpoints due within 14 days (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        made = checkpoint_reminders()
        self.stdout.write(f"{made} herinnering(en) gemaakt.")
