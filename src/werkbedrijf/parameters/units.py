"""Pure calculations on job units (banenafspraak): no ORM, the parameters are passed in."""

from decimal import Decimal


def job_units(weekly_hours: Decimal, *, hours_per_job: Decimal) -> Decimal:
    """Number of jobs that `weekly_hours` paid hours of target-group workers count as (25.5 h = 1 job).

    Every hour counts, so the result is not rounded.
    """
    if hours_per_job <= 0:
        raise ValueError("hours_per_job must be positive")
    if weekly_hours < 0:
        raise ValueError("weekly_hours cannot be negative")
    return Decimal(weekly_hours) / Decimal(hours_per_job)


def youth_variant(age: int, *, bbl: bool = False) -> str:
    """The variant of the youth minimum wage for an age ('' for 21 and over, 'bbl_19' for BBL at 19)."""
    if age < 15:
        raise ValueError("There is no minimum wage below the age of 15.")
    if age >= 21:
        return ""
    if bbl and 18 <= age <= 20:
        return f"bbl_{age}"
    return str(age)
