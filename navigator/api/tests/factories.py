"""API clients and tokens for tests: `client_with_token` gives a client of an organisation and a
live bearer token for it, as if it had called /fhir/token."""

from dataclasses import dataclass

from navigator.accounts.models import Organisation
from navigator.api import services
from navigator.api.models import ApiClient, Scope

EVERY_SCOPE = tuple(Scope)


@dataclass(frozen=True)
class Credential:
    client: ApiClient
    secret: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def client_with_token(
    organisation: Organisation, *, scopes=EVERY_SCOPE, name: str = "Test GP system"
) -> Credential:
    new = services.create_client(organisation=organisation, name=name, scopes=scopes)
    issued = services.issue_token(client_id=new.client.client_id, secret=new.secret)
    return Credential(client=new.client, secret=new.secret, token=issued.token)
