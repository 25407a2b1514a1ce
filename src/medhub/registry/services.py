"""Writes to the registry: importing a registry file (the command, and uploads previewed then
applied in the background), matching entries to directory organizations, and holding out of
search the organizations the registry no longer lists as active.

An import streams the file in batches (parsing.py): each batch is compared against the kept
entries (their identity and a fingerprint of their values, read once into a dict) and written
with one ``bulk_create`` and one ``bulk_update``, each batch in its own transaction so that the
progress the page shows is real. Applying is idempotent (a row is found again by its identity),
so a run that stopped half-way is finished by running it again. Then, in one transaction,
entries are matched to organizations and holds follow the entries' status (audited, the
organization's staff and the administrators told). See docs/decisions/0020-registry-import.md.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.accounts.models import Membership, Role
from medhub.core.audit import log_action
from medhub.core.files import digest_and_markup
from medhub.core.i18n import pick
from medhub.core.names import clean_file_name
from medhub.directory.models import Organization
from medhub.directory.services import directory_changed
from medhub.notifications.services import notify
from medhub.registry import parsing
from medhub.registry.models import ImportJob, RegistryEntry
from medhub.registry.parsing import RegistryFileError, Row, RowError

logger = logging.getLogger(__name__)

BATCH = 2000
KEPT_ERRORS = 1000  # error rows kept on a job (all are counted)
STALE_AFTER = datetime.timedelta(minutes=10)  # an applying job not heard of for this long lost its worker

HOLDS = {
    RegistryEntry.Status.ACTIVE: "",
    RegistryEntry.Status.SUSPENDED: Organization.Hold.REGISTRY_SUSPENDED,
    RegistryEntry.Status.CLOSED: Organization.Hold.REGISTRY_CLOSED,
    RegistryEntry.Status.REVOKED: Organization.Hold.REGISTRY_REVOKED,
}
STORED = Row.STORED


@dataclass
class Summary:
    """What an import read and did (or, for a preview or a dry run, would do)."""

    rows: int = 0
    institutions: int = 0
    facilitators: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    error_count: int = 0
    errors: list = field(default_factory=list)
    held: int = 0
    released: int = 0
    matched: int = 0

    def line(self) -> str:
        """The command's last line (its wording is a contract: scripts read it)."""
        return (
            f"rows {self.rows}, institutions {self.institutions}, facilitators {self.facilitators}, "
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, errors {self.error_count}"
        )

    def counts(self) -> dict:
        return {
            "rows": self.rows,
            "institutions": self.institutions,
            "facilitators": self.facilitators,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "errors": self.error_count,
        }

    def refuse(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < KEPT_ERRORS:
            self.errors.append(error.as_json())


# -- the import itself ------------------------------------------------------------------------


def _existing() -> dict[str, tuple[int, str, object]]:
    """Every kept entry's identity → (id, fingerprint, last seen), in one query."""
    rows = RegistryEntry.objects.values_list("pk", "identity", "fingerprint", "last_seen")
    return {identity: (pk, fp, seen) for pk, identity, fp, seen in rows.iterator(chunk_size=5000)}


def _entry(row: Row, now) -> RegistryEntry:
    return RegistryEntry(
        kind=row.kind,
        institution_class=row.institution_class,
        business_type=row.business_type,
        name=row.name,
        normalized_name=row.normalized_name,
        representative=row.representative,
        province=row.province,
        district=row.district,
        address=row.address,
        normalized_address=row.normalized_address,
        address_detail=row.address_detail,
        status=row.status,
        identity=row.identity,
        fingerprint=row.fingerprint(),
        first_seen=now,
        last_seen=now,
        changed_at=now,
    )


# Columns a new entry is written with (PostgreSQL's COPY takes them in this order).
COPY_COLUMNS = (
    "kind",
    "institution_class",
    "business_type",
    "name",
    "normalized_name",
    "representative",
    "province",
    "district",
    "address",
    "normalized_address",
    "address_detail",
    "status",
    "identity",
    "fingerprint",
    "first_seen",
    "last_seen",
    "changed_at",
)


def _create(entries: list[RegistryEntry]) -> None:
    """New entries: PostgreSQL's COPY (one stream per batch, no statement with tens of thousands
    of parameters to plan), ``bulk_create`` on other databases."""
    if connection.vendor != "postgresql":
        RegistryEntry.objects.bulk_create(entries, batch_size=500)
        return
    table = RegistryEntry._meta.db_table
    statement = f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for entry in entries:
            copy.write_row(tuple(getattr(entry, column) for column in COPY_COLUMNS))


def _write(new: list[Row], changed: list[tuple[int, Row]], seen: list[int], now) -> None:
    with transaction.atomic():
        if new:
            _create([_entry(row, now) for row in new])
        if changed:
            entries = []
            for pk, row in changed:
                entry = _entry(row, now)
                entry.pk = pk
                entries.append(entry)
            RegistryEntry.objects.bulk_update(entries, [*STORED, "fingerprint", "last_seen", "changed_at"], batch_size=500)
        if seen:
            RegistryEntry.objects.filter(pk__in=seen).update(last_seen=now)


def import_rows(
    source, *, write: bool, progress: Callable[[int], None] | None = None, actor=None, job: ImportJob | None = None
) -> Summary:
    """Reads the registry file ``source`` (an open binary file) and compares it with the kept
    entries; with ``write`` applies it (new entries created, changed ones updated), then matches
    entries to organizations and brings holds in line. ``progress(rows_done)`` is called after
    each batch. Without ``write`` nothing is written (a preview, a dry run).

    A row whose identity an earlier row of the same file already had counts once: the first is
    used, the later ones are counted as duplicates (not in institutions or facilitators)."""
    summary = Summary()
    existing = _existing()
    first_row: dict[str, int] = {}
    now = timezone.now()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    new: list[Row] = []
    changed: list[tuple[int, Row]] = []
    seen: list[int] = []
    pending = 0

    def flush() -> None:
        nonlocal new, changed, seen, pending
        if write:
            _write(new, changed, seen, now)
        new, changed, seen, pending = [], [], [], 0
        if progress is not None:
            progress(summary.rows)

    for item in parsing.read_rows(source):
        summary.rows += 1
        pending += 1
        if isinstance(item, RowError):
            summary.refuse(item)
        elif item.identity in first_row:
            summary.duplicates += 1
        else:
            first_row[item.identity] = item.number
            if item.kind == RegistryEntry.Kind.INSTITUTION:
                summary.institutions += 1
            else:
                summary.facilitators += 1
            kept = existing.get(item.identity)
            if kept is None:
                summary.created += 1
                new.append(item)
            elif kept[1] != item.fingerprint():
                summary.updated += 1
                changed.append((kept[0], item))
            else:
                summary.unchanged += 1
                # Seen again: kept to the day, so a file imported twice the same day rewrites nothing.
                if kept[2] < today:
                    seen.append(kept[0])
        if pending >= BATCH:
            flush()
    flush()
    if write:
        with transaction.atomic():
            summary.matched = match_organizations()
            summary.held, summary.released = holds_follow_registry(actor=actor)
            log_action(job, "registry.import.applied", actor=actor, data={**summary.counts(), "matched": summary.matched})
    return summary


def import_file(path: str, *, dry_run: bool = False) -> Summary:
    """The ``import_registry`` command: the file at ``path`` applied (or only counted)."""
    with open(path, "rb") as source:
        return import_rows(source, write=not dry_run)


# -- matching entries to the directory --------------------------------------------------------

ORGANIZATION_KINDS = {
    RegistryEntry.Kind.INSTITUTION: Organization.Kind.INSTITUTION,
    RegistryEntry.Kind.FACILITATOR: Organization.Kind.FACILITATOR,
}


def match_organizations() -> int:
    """Links entries with no organization to the directory organization that is the same body.

    The directory keeps names and addresses per language; the Korean ones are compared with the
    registry's, normalized the same way. A match is the same kind and name, and either the same
    road address (the registry's 주소, with or without its 시도 and 시군구 in front), or, when
    the address differs (a directory address typed another way), the only organization of that
    kind and name in a district of the same Korean name. An organization is linked to one entry
    at most. Returns the number of entries linked."""
    claimed = set(
        RegistryEntry.objects.filter(matched_organization__isnull=False).values_list("matched_organization_id", flat=True)
    )
    by_address: dict[tuple, int] = {}
    by_name: dict[tuple, list[tuple[int, str]]] = {}
    organizations = Organization.objects.filter(kind__in=ORGANIZATION_KINDS.values()).values_list(
        "pk", "kind", "name", "address", "district__name"
    )
    for pk, kind, name, address, district_name in organizations.iterator(chunk_size=2000):
        if pk in claimed:
            continue
        korean = parsing.normalize((name or {}).get("ko", ""))
        if not korean:
            continue
        korean_address = parsing.normalize((address or {}).get("ko", ""))
        if korean_address:
            by_address.setdefault((kind, korean, korean_address), pk)
        by_name.setdefault((kind, korean), []).append((pk, parsing.normalize((district_name or {}).get("ko", ""))))
    if not by_name:
        return 0
    names = sorted({name for _kind, name in by_name})
    links: dict[int, int] = {}
    for start in range(0, len(names), 500):
        unmatched = RegistryEntry.objects.filter(
            matched_organization__isnull=True, normalized_name__in=names[start : start + 500]
        ).values_list("pk", "kind", "normalized_name", "normalized_address", "province", "district")
        for pk, kind, name, address, province, district in unmatched:
            org_kind = ORGANIZATION_KINDS[kind]
            full = parsing.normalize(f"{province} {district} {address}")
            org_id = by_address.get((org_kind, name, address)) or by_address.get((org_kind, name, full))
            if org_id is None:
                same_district = [o for o, d in by_name.get((org_kind, name), []) if d and d == parsing.normalize(district)]
                org_id = same_district[0] if len(same_district) == 1 else None
            if org_id is not None and org_id not in claimed:
                claimed.add(org_id)
                links[pk] = org_id
    for pk, org_id in links.items():
        RegistryEntry.objects.filter(pk=pk).update(matched_organization_id=org_id)
    return len(links)


def _hub_admins():
    from medhub.accounts.models import User

    return User.objects.filter(is_active=True, memberships__role=Role.HUB_ADMIN).distinct().order_by("pk")


def holds_follow_registry(*, actor=None) -> tuple[int, int]:
    """Sets the hold of every matched organization from its entry's status (suspended, closed,
    revoked hold it out of search and matching; active clears a registry hold), audits each
    change and tells the organization's staff and the hub's administrators. Returns (held,
    released)."""
    wanted: dict[int, tuple[str, int]] = {}
    rows = RegistryEntry.objects.filter(matched_organization__isnull=False).values_list(
        "pk", "status", "matched_organization_id", "matched_organization__hold"
    )
    for pk, status, org_id, hold in rows:
        if HOLDS[status] != hold:
            wanted[org_id] = (HOLDS[status], pk)
    if not wanted:
        return 0, 0
    held = released = 0
    admins = list(_hub_admins())
    organizations = Organization.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    for organization in organizations:
        hold, entry_id = wanted[organization.pk]
        before = organization.hold
        organization.hold = hold
        organization.save(update_fields=["hold", "updated_at"])
        if hold:
            held += 1
        else:
            released += 1
        action = "registry.organization.held" if hold else "registry.organization.released"
        log_action(organization, action, actor=actor, data={"from": before, "to": hold, "entry": entry_id})
        _tell(organization, hold=hold, admins=admins)
    directory_changed()
    return held, released


def _tell(organization: Organization, *, hold: str, admins) -> None:
    event = "organization_held" if hold else "organization_released"
    staff = [m.user for m in Membership.objects.filter(organization=organization).select_related("user").order_by("pk")]
    name_ko, names = pick(organization.name, "ko"), organization.name
    told = set()
    for user in staff:
        if user.pk in told:
            continue
        told.add(user.pk)
        notify(
            user,
            f"registry.{event}",
            {"organization": pick(names, user.preferred_language) or name_ko, "hold": hold, "for_staff": True},
            link=lambda _user: reverse("work-home"),
        )
    for user in admins:
        if user.pk in told:
            continue
        told.add(user.pk)
        notify(
            user,
            f"registry.{event}",
            {"organization": pick(names, user.preferred_language) or name_ko, "hold": hold, "for_staff": False},
            link=lambda _user, pk=organization.pk: f"{reverse('registry-entries')}?organization={pk}",
        )


# -- uploads: preview, then apply in the background --------------------------------------------


def check_registry_file(upload) -> None:
    """An uploaded registry file: within the size limit, CSV or XLSX by its content, with the
    registry's header. Raises a translated ValidationError."""
    limit = settings.MEDHUB_REGISTRY_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)}, code="size")
    upload.seek(0)
    xlsx = parsing.is_xlsx(upload.read(4))
    upload.seek(0)
    if not xlsx:
        _digest, markup = digest_and_markup(upload)
        if markup:
            raise ValidationError(
                _("The file contains web page code (HTML or script); send the registry file itself."), code="markup"
            )
    try:
        parsing.check_file(upload)
    except RegistryFileError as exc:
        raise ValidationError(str(exc), code="unreadable") from exc
    finally:
        upload.seek(0)


@transaction.atomic
def import_upload(*, upload, actor) -> ImportJob:
    """Keeps an uploaded registry file privately and starts its preview (in the background; in
    the single-machine default it is ready when the request ends)."""
    check_registry_file(upload)
    job = ImportJob(file_name=clean_file_name(upload.name or "registry.csv")[:200], created_by=actor)
    job.file.save(upload.name or "registry.csv", upload, save=False)
    job.save()
    log_action(job, "registry.import.uploaded", actor=actor, data={"file": job.file_name})
    dispatch("preview", job.pk)
    return job


def _store(job_id: int, summary: Summary, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        rows=summary.rows,
        institutions=summary.institutions,
        facilitators=summary.facilitators,
        duplicates=summary.duplicates,
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        error_count=summary.error_count,
        errors=summary.errors,
        updated_at=timezone.now(),
        **fields,
    )


def import_preview(job_id: int) -> bool:
    """Counts what an uploaded file would change (nothing is written but the job's counts).
    Returns whether this call prepared it."""
    job = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.UPLOADED).first()
    if job is None:
        return False
    try:
        with job.file.open("rb") as source:
            summary = import_rows(source, write=False)
    except (RegistryFileError, OSError) as exc:
        ImportJob.objects.filter(pk=job_id, state=ImportJob.State.UPLOADED).update(
            state=ImportJob.State.FAILED, failure=str(exc)[:2000], updated_at=timezone.now()
        )
        with transaction.atomic():
            log_action(job, "registry.import.failed", data={"failure": str(exc)[:300]})
        return False
    _store(job_id, summary, state=ImportJob.State.PREVIEWED, progress_total=summary.rows, progress_done=0)
    return True


@transaction.atomic
def import_apply(*, job: ImportJob, actor) -> ImportJob:
    """Asks for a previewed import to be applied (in the background). A second request for the
    same job (a reload, a double click, the API called twice) is refused: only a previewed job
    moves to queued, by a conditional update."""
    moved = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.PREVIEWED).update(
        state=ImportJob.State.QUEUED, applied_by=actor, updated_at=timezone.now()
    )
    if not moved:
        state = ImportJob.objects.filter(pk=job.pk).values_list("state", flat=True).first()
        if state == ImportJob.State.UPLOADED:
            raise ValidationError(_("The preview is not ready yet: apply the file once you have seen it."), code="state")
        if state == ImportJob.State.FAILED:
            raise ValidationError(_("This import failed and cannot be applied. Upload the file again."), code="state")
        raise ValidationError(_("This import has already been applied or is being applied."), code="state")
    job.refresh_from_db()
    log_action(job, "registry.import.queued", actor=actor, data={"from_state": "previewed", "to_state": "queued"})
    dispatch("apply", job.pk)
    return job


def import_run(job_id: int) -> bool:
    """The background work of one queued import: claimed by a conditional update (queued →
    applying), so two workers (or the periodic sweep racing the task) never apply it twice;
    progress saved after every batch. Returns whether this call applied it."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.APPLYING, progress_done=0, updated_at=timezone.now()
    )
    if not claimed:
        return False
    job = ImportJob.objects.select_related("applied_by").get(pk=job_id)

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(progress_done=done, updated_at=timezone.now())

    try:
        with job.file.open("rb") as source:
            summary = import_rows(source, write=True, progress=progress, actor=job.applied_by, job=job)
    except (RegistryFileError, DatabaseError, OSError) as exc:
        logger.warning("registry: import %s failed: %s", job_id, exc)
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportJob.State.FAILED, failure=str(exc)[:2000], updated_at=timezone.now()
        )
        with transaction.atomic():
            log_action(job, "registry.import.failed", actor=job.applied_by, data={"failure": str(exc)[:300]})
        return False
    _store(
        job_id,
        summary,
        state=ImportJob.State.DONE,
        progress_done=summary.rows,
        progress_total=summary.rows,
        applied_at=timezone.now(),
    )
    return True


def imports_sweep() -> int:
    """The periodic sweep ("registry: apply queued imports"): prepares previews and applies
    imports whose task was lost (no worker was running, the broker was away, a worker died
    mid-way: applying is idempotent, so it starts again). Returns how many it ran."""
    stale = timezone.now() - STALE_AFTER
    ImportJob.objects.filter(state=ImportJob.State.APPLYING, updated_at__lt=stale).update(
        state=ImportJob.State.QUEUED, updated_at=timezone.now()
    )
    ran = 0
    # A preview's own task normally runs within seconds of the upload: the sweep takes those
    # left waiting for a minute (computing a preview twice would be harmless, only wasted).
    waiting = ImportJob.objects.filter(
        state=ImportJob.State.UPLOADED, updated_at__lt=timezone.now() - datetime.timedelta(minutes=1)
    )
    for job_id in waiting.order_by("pk").values_list("pk", flat=True)[:20]:
        ran += import_preview(job_id)
    for job_id in ImportJob.objects.filter(state=ImportJob.State.QUEUED).order_by("pk").values_list("pk", flat=True)[:5]:
        ran += import_run(job_id)
    return ran


def dispatch(what: str, job_id: int) -> None:
    """Records, in the caller's transaction, that the job's task must run, through the outbox
    (decision 0007): tried right after commit (by a worker when there is a broker, in-process
    otherwise), retried by the outbox's sweeper if that fails. The job's own states make a
    second run change nothing, and the registry's periodic sweep still finds a job left queued."""
    from medhub.outbox.services import enqueue
    from medhub.registry import tasks

    enqueue(tasks.preview_import if what == "preview" else tasks.apply_import, job_id)
