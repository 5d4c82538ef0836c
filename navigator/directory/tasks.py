"""Directory imports too long to do while the person waits, run by the task worker."""

from django.tasks import task

from navigator.directory.models import ImportRun, ImportStatus
from navigator.directory.services import run_queued_import


@task
def run_import(run_id: int) -> None:
    run = ImportRun.objects.select_related("by").filter(pk=run_id).first()
    if run is not None and run.status == ImportStatus.QUEUED:
        run_queued_import(run)
