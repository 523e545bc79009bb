from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from werkbedrijf.parameters.models import JobsAgreementTarget, LegalParameter
from werkbedrijf.regions.models import Municipality, Region, RegionMembership

pytestmark = pytest.mark.django_db


def test_loads_everything_and_twice_gives_the_same_state():
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    first = (
        Region.objects.count(),
        RegionMembership.objects.filter(year=2026).count(),
        LegalParameter.objects.count(),
        JobsAgreementTarget.objects.count(),
        sorted(Municipality.objects.values_list("uuid", flat=True)),
    )
    assert first[:2] == (35, 342)
    assert "Referentiegegevens geladen." in out.getvalue()

    out = StringIO()
    call_command("load_reference_data", stdout=out)
    second = (
        Region.objects.count(),
        RegionMembership.objects.filter(year=2026).count(),
        LegalParameter.objects.count(),
        JobsAgreementTarget.objects.count(),
        sorted(Municipality.objects.values_list("uuid", flat=True)),
    )
    assert second == first
    assert f"0 nieuw, 0 bijgewerkt, {first[2]} ongewijzigd, 0 verwijderd" in out.getvalue()


def test_a_broken_file_stops_with_a_clear_error(tmp_path, monkeypatch):
    from werkbedrijf.regions import loader

    broken = tmp_path / "data"
    broken.mkdir()
    for source in loader.DATA_DIR.glob("*.csv"):
        (broken / source.name).write_bytes(source.read_bytes())
    csv_file = broken / "labour_market_regions.csv"
    lines = csv_file.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",", ";", 1)
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    original = loader.load_all
    monkeypatch.setattr(
        "werkbedrijf.parameters.management.commands.load_reference_data.load_all",
        lambda **kw: original(data_dir=broken, **kw),
    )
    with pytest.raises(CommandError, match=r"labour_market_regions\.csv, line 4"):
        call_command("load_reference_data", stdout=StringIO())
    assert Region.objects.count() == 0
