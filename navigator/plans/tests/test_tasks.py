import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.plans.tests.factories import ManagerTaskFactory

pytestmark = pytest.mark.django_db


def test_a_manager_sees_and_deals_with_a_safeguarding_task(signed_in, manager, other_organisation):
    task = ManagerTaskFactory(assessment__person__organisation=manager.organisation)
    ManagerTaskFactory(assessment__person__organisation=other_organisation, details="Not ours")
    client = signed_in(manager)
    page = client.get(reverse("plans:tasks")).content.decode()
    assert task.details in page and "Not ours" not in page
    plan_page = reverse("plans:plan", kwargs={"pk": task.person_id})
    assert 'id="safeguarding-flag"' in client.get(plan_page).content.decode()

    task_url = reverse("plans:task", kwargs={"pk": task.pk})
    response = client.post(task_url, {"decision": "Spoke to the family"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_by == manager and task.done_at is not None
    assert 'id="safeguarding-flag"' not in client.get(plan_page).content.decode()
    assert "Dealt with" in client.get(reverse("plans:tasks")).content.decode()


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.VOLUNTEER])
def test_only_managers_see_the_tasks(signed_in, user_with_role, role):
    assert signed_in(user_with_role(role)).get(reverse("plans:tasks")).status_code == 403
