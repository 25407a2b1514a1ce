"""Writes to the directory. Each service owns its transaction."""

from django.db import transaction

from medhub.core.i18n import all_texts
from medhub.directory import answers
from medhub.directory.index import bump_directory_version, forget_index
from medhub.directory.models import Organization, Specialty, codes_to_db
from medhub.directory.search import forget_specialty_terms, institution_search_text
from medhub.directory.selectors import forget_directory_index


def organization_search_text(organization: Organization) -> str:
    district_names = list(all_texts(organization.district.name)) if organization.district_id else []
    return institution_search_text(
        names=list(all_texts(organization.name)),
        address=list(all_texts(organization.address)),
        district_names=district_names,
        extra=[organization.slug.replace("-", " ")],
    )


@transaction.atomic
def organization_reindex(*, organization: Organization) -> Organization:
    """Recomputes what search matches for one organization: its text and its specialties."""
    organization.search_text = organization_search_text(organization)
    organization.specialty_codes = codes_to_db(organization.specialties.values_list("code", flat=True))
    Organization.objects.filter(pk=organization.pk).update(
        search_text=organization.search_text, specialty_codes=organization.specialty_codes
    )
    directory_changed()
    return organization


def directory_changed() -> None:
    """Tells every app process that the directory changed: cached lookups and search indexes
    are rebuilt on their next use. Called at once and again on commit, so that neither this
    transaction's own reads nor other processes after the commit see stale search data."""
    forget_directory_caches()
    transaction.on_commit(forget_directory_caches)


def forget_directory_caches() -> None:
    forget_process_caches()
    bump_directory_version()


def forget_process_caches() -> None:
    """Drops what this process keeps about the directory (no database access)."""
    forget_specialty_terms()
    forget_directory_index()
    forget_index()
    answers.forget()


def specialty_save(*, specialty: Specialty) -> Specialty:
    specialty.full_clean()
    specialty.save()
    directory_changed()
    return specialty


def organizations_reindex_all(*, batch_size: int = 2000) -> int:
    """Rebuilds the search columns of every organization (after the search format changes)."""
    done = 0
    last_id = 0
    while True:
        batch = list(
            Organization.objects.filter(id__gt=last_id)
            .select_related("district")
            .prefetch_related("specialties")
            .order_by("id")[:batch_size]
        )
        if not batch:
            return done
        for organization in batch:
            organization.search_text = organization_search_text(organization)
            organization.specialty_codes = codes_to_db(specialty.code for specialty in organization.specialties.all())
        with transaction.atomic():
            Organization.objects.bulk_update(batch, ["search_text", "specialty_codes"], batch_size=500)
        done += len(batch)
        last_id = batch[-1].id
        directory_changed()
