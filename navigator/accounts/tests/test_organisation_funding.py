"""Which services a commissioning organisation funds: administrators set it, nobody else."""

from django.urls import reverse

from navigator.accounts.models import Organisation
from navigator.accounts.tests.factories import OrganisationFactory
from navigator.audit.models import AuditEvent


def edit_url(organisation: Organisation) -> str:
    return reverse("accounts:organisation_edit", kwargs={"pk": organisation.pk})


def test_administrator_chooses_the_services_an_organisation_commissions(
    signed_in, administrator, organisation, other_organisation
) -> None:
    icb = OrganisationFactory(name="West Yorkshire ICB")
    client = signed_in(administrator)
    form = client.get(edit_url(icb)).content.decode()
    assert "Services this organisation commissions" in form
    assert f'value="{icb.pk}"' not in form  # it cannot fund itself

    response = client.post(
        edit_url(icb),
        {
            "version": "1",
            "name": icb.name,
            "ods_code": "",
            "funds": [organisation.pk, other_organisation.pk],
        },
    )

    assert response.status_code == 302
    assert set(icb.funds.all()) == {organisation, other_organisation}
    assert list(organisation.funded_by.all()) == [icb]
    assert not other_organisation.funds.exists()  # funding runs one way


def test_administrator_creates_a_commissioner_with_its_services(
    signed_in, administrator, organisation
) -> None:
    response = signed_in(administrator).post(
        reverse("accounts:organisation_create"),
        {"name": "Leeds ICB", "ods_code": "", "funds": [organisation.pk]},
    )

    assert response.status_code == 302
    assert list(Organisation.objects.get(name="Leeds ICB").funds.all()) == [organisation]


def test_a_manager_can_neither_see_nor_change_funding(
    signed_in, manager, organisation, other_organisation
) -> None:
    client = signed_in(manager)
    assert 'name="funds"' not in client.get(edit_url(organisation)).content.decode()

    client.post(
        edit_url(organisation),
        {"version": "1", "require_two_factor": "on", "funds": [other_organisation.pk]},
    )

    organisation.refresh_from_db()
    assert organisation.require_two_factor is True
    assert not organisation.funds.exists()


def test_who_funds_what_is_audited_in_the_commissioner_and_each_services_trail(
    signed_in, administrator, organisation, other_organisation
) -> None:
    icb = OrganisationFactory(name="West Yorkshire ICB", ods_code="QWO")
    icb.funds.add(other_organisation)

    signed_in(administrator).post(
        edit_url(icb),
        {"version": "1", "name": "WY ICB", "ods_code": "QWO", "funds": [organisation.pk]},
    )

    [own] = AuditEvent.objects.filter(organisation=icb)
    assert own.actor == administrator
    assert own.changes == {
        "name": ["West Yorkshire ICB", "WY ICB"],
        "funds": [[other_organisation.name], [organisation.name]],
    }
    [gained] = AuditEvent.objects.filter(organisation=organisation)
    [lost] = AuditEvent.objects.filter(organisation=other_organisation)
    assert (gained.object_label, gained.changes) == (
        "WY ICB",
        {"commissions this service": [False, True]},
    )
    assert lost.changes == {"commissions this service": [True, False]}


def test_a_new_organisation_is_audited_in_its_own_trail(
    signed_in, administrator, organisation
) -> None:
    signed_in(administrator).post(
        reverse("accounts:organisation_create"),
        {"name": "Leeds ICB", "ods_code": "", "funds": [organisation.pk]},
    )

    icb = Organisation.objects.get(name="Leeds ICB")
    created = AuditEvent.objects.get(organisation=icb)
    assert created.action == AuditEvent.Action.CREATED
    assert created.changes["funds"] == [[], [organisation.name]]
    assert AuditEvent.objects.filter(organisation=organisation).count() == 1
