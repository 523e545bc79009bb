"""Production: exactly base.py, which already refuses to start without SECRET_KEY."""

from .base import *  # noqa: F401
