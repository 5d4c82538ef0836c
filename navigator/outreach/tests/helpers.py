from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from navigator.outreach.models import Cohort

HEADER = "name,date_of_birth,nhs_number,phone,reason\n"


def upload(
    client: Client,
    content: bytes | str,
    *,
    name: str = "Over 75s",
    reason: str = "Over 75 and living alone",
    file_name: str = "cohort.csv",
):
    if isinstance(content, str):
        content = content.encode()
    return client.post(
        reverse("outreach:upload"),
        {
            "name": name,
            "reason": reason,
            "file": SimpleUploadedFile(file_name, content, content_type="text/csv"),
        },
    )


def problems_by_line(cohort: Cohort) -> dict[int, list[str]]:
    return {problem["line"]: problem["reasons"] for problem in cohort.report["problems"]}
