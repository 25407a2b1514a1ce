"""The demo hub's registry data (issue 11): two fictional registry files of its own.

``registry_2026-11.csv`` (CP949, title rows above the header, extra columns) is uploaded by the
administrator and applied: it lists many of the demo's institutions and agencies (one of them
suspended, so it leaves search; one written with another road address, matched by its name in
its district), bodies of the region that are not partners yet (the prospects), bodies elsewhere,
a duplicate row and three rows the import refuses (a pharmacy, a postpartum centre, a row
without a name). ``registry_2026-12.csv`` (UTF-8 with BOM), a month later, is uploaded and
previewed but not applied, so the demo shows a preview waiting for its Apply button."""

from pathlib import Path

from django.core.files import File

from medhub.accounts.models import User
from medhub.registry import services
from medhub.registry.models import ImportJob, RegistryEntry

DATA = Path(__file__).resolve().parent / "data"
FILES = (("registry_2026-11.csv", True), ("registry_2026-12.csv", False))


def build_demo_registry() -> None:
    admin = User.objects.filter(username="admin").first()
    for job in ImportJob.objects.all():
        job.file.delete(save=False)
    ImportJob.objects.all().delete()
    RegistryEntry.objects.all().delete()
    for name, apply in FILES:
        with open(DATA / name, "rb") as source:
            job = services.import_upload(upload=File(source, name=name), actor=admin)
        # Run here rather than after the demo's transaction commits: the demo is built in one.
        services.import_preview(job.pk)
        if apply:
            services.import_apply(job=ImportJob.objects.get(pk=job.pk), actor=admin)
            services.import_run(job.pk)
