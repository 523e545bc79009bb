"""CI: the test settings; DATABASE_URL and CELERY_* come from .ci/run."""

from .test import *  # noqa: F401
