"""Writes to the directory. Each service owns its transaction."""

import secrets

from django.db import transaction

from medhub.core.audit import log_action
from medhub.core.i18n import all_texts
from medhub.directory import answers, photos
from medhub.directory.index import bump_directory_version, forget_index
from medhub.directory.models import (
    Offering,
    OfferingPriceChange,
    Organization,
    Photo,
    Practitioner,
    Specialty,
    codes_to_db,
)
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


@transaction.atomic
def organization_save(*, organization: Organization) -> Organization:
    """Saves an organization's profile after the model's checks (its phone is stored in E.164,
    a bad one is a ValidationError on ``phone``) and refreshes what search matches for it."""
    organization.full_clean()
    organization.save()
    return organization_reindex(organization=organization)


@transaction.atomic
def offering_save(*, offering: Offering, actor=None) -> Offering:
    """Saves an offering after the model's checks; the one door every edit of an offering goes
    through (the admin today, any workspace or API later). When its price range changed, the
    change is kept (``OfferingPriceChange``, shown on the offering page and in the API) and
    audited; the row is locked so that two editors at once leave two honest changes."""
    offering.full_clean()
    before = None
    if offering.pk:
        before = Offering.objects.select_for_update().filter(pk=offering.pk).values_list("price_min_krw", "price_max_krw").first()
    offering.save()
    after = (offering.price_min_krw, offering.price_max_krw)
    if before is not None and tuple(before) != after:
        change = OfferingPriceChange.objects.create(
            offering=offering,
            old_min_krw=before[0],
            old_max_krw=before[1],
            new_min_krw=after[0],
            new_max_krw=after[1],
        )
        log_action(
            offering,
            "directory.offering.price_changed",
            actor=actor,
            data={"offering": offering.slug, "old": list(before), "new": list(after), "change": change.pk},
        )
    directory_changed()
    return offering


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


def photo_add(*, target, upload, alt: dict | None = None, actor=None, checked: tuple | None = None) -> Photo:
    """Adds a photo to an institution, an offering or a practitioner: the upload is checked by
    content (unless ``checked`` already holds what ``photos.check_photo`` returned), the
    original kept privately, the public copies written, and the change audited."""
    upload, content_type, checksum = checked or photos.check_photo(upload)
    photo = Photo(content_type=content_type, checksum=checksum, key=secrets.token_hex(10), alt=alt or {})
    if isinstance(target, Organization):
        photo.organization = target
    elif isinstance(target, Offering):
        photo.offering = target
    elif isinstance(target, Practitioner):
        photo.practitioner = target
    else:
        raise TypeError("A photo belongs to an organization, an offering or a practitioner.")
    photo.width, photo.height, photo.sizes = photos.make_copies(upload, photo.key)
    try:
        with transaction.atomic():
            photo.position = Photo.objects.filter(
                organization=photo.organization, offering=photo.offering, practitioner=photo.practitioner
            ).count()
            photo.original.save(checksum, upload, save=False)
            photo.save()
            log_action(photo, "directory.photo.added", actor=actor, data={"photo": photo.key, "target": _target_label(photo)})
            directory_changed()
    except BaseException:
        photos.delete_copies(photo.key, photo.sizes)  # nothing public left behind by a failed save
        raise
    return photo


@transaction.atomic
def photo_remove(*, photo: Photo, actor=None) -> None:
    """Removes a photo, its private original and (after commit) its public copies."""
    log_action(photo, "directory.photo.removed", actor=actor, data={"photo": photo.key, "target": _target_label(photo)})
    key, sizes, original = photo.key, list(photo.sizes), photo.original.name
    storage = photo.original.storage
    photo.delete()
    directory_changed()

    def forget_files():
        photos.delete_copies(key, sizes)
        if original:
            storage.delete(original)

    transaction.on_commit(forget_files)


def _target_label(photo: Photo) -> str:
    if photo.organization_id:
        return f"organization:{photo.organization_id}"
    if photo.offering_id:
        return f"offering:{photo.offering_id}"
    return f"practitioner:{photo.practitioner_id}"
