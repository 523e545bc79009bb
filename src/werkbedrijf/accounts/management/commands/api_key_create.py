from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from werkbedrijf.accounts.models import User
from werkbedrijf.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API key for a system account. The key is printed once and stored only as a hash."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The system account (User.is_system_account).")
        parser.add_argument("--name", required=True, help="Which system uses the key.")
        parser.add_argument("--days", type=int, default=365, help="Validity in days (default 365, max 730).")

    def handle(self, *args, username, name, days, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"Onbekende gebruiker: {username}") from exc
        try:
            token, key = api_token_create(user=user, name=name, valid_days=days)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"API-sleutel voor {user.username} ({token.name}), geldig tot {token.expires_at:%Y-%m-%d}:"
        )
        self.stdout.write(key)
        self.stdout.write("Bewaar deze sleutel nu: hij wordt niet opnieuw getoond.")
