"""The `werkbedrijf` command: Django's manage.py, defaulting to the development settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkbedrijf.conf.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
