import uuid

from django.db import models


class UUIDModel(models.Model):
    """Everything that leaves the system is addressed by its uuid, never by its sequential id."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
