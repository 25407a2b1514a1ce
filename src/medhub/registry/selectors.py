"""Reads of the registry, scoped to who asks (accounts.permissions decides who may)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from medhub.accounts import permissions
from medhub.core.selectors import hub_settings
from medhub.registry.models import ImportJob, RegistryEntry
from medhub.registry.parsing import normalize


@dataclass(frozen=True)
class Region:
    """The hub's region as the registry writes it: a 시도 and, optionally, one 시군구."""

    province: str
    district: str = ""

    def __bool__(self) -> bool:
        return bool(self.province)

    @property
    def label(self) -> str:
        return f"{self.province} {self.district}".strip()


def hub_region() -> Region:
    """MEDHUB_HUB_REGION ("시도" or "시도 시군구"), else the hub's Korean region name as the 시도."""
    text = normalize(settings.MEDHUB_HUB_REGION)
    if not text:
        text = normalize((hub_settings().region or {}).get("ko", ""))
    province, _space, district = text.partition(" ")
    return Region(province=province, district=district)


def entries_visible_to(user) -> QuerySet[RegistryEntry]:
    if not permissions.may_see_registry(user):
        return RegistryEntry.objects.none()
    return RegistryEntry.objects.select_related("matched_organization")


def entries_filtered(user, *, q: str = "", status: str = "", kind: str = "", matched: str = "", organization: int | None = None):
    entries = entries_visible_to(user)
    q = normalize(q)
    if q:
        entries = entries.filter(Q(normalized_name__icontains=q) | Q(normalized_address__icontains=q))
    if status:
        entries = entries.filter(status=status)
    if kind:
        entries = entries.filter(kind=kind)
    if matched:
        entries = entries.filter(matched_organization__isnull=matched != "yes")
    if organization:
        entries = entries.filter(matched_organization_id=organization)
    return entries.order_by("normalized_name", "pk")


def prospects(user, *, kind: str = "", institution_class: str = "", district: str = "") -> QuerySet[RegistryEntry]:
    """Bodies the registry lists as active in the hub's region that are not in the directory:
    partners to invite."""
    region = hub_region()
    if not permissions.may_see_registry(user) or not region:
        return RegistryEntry.objects.none()
    found = RegistryEntry.objects.filter(
        status=RegistryEntry.Status.ACTIVE, matched_organization__isnull=True, province=region.province
    )
    if region.district:
        found = found.filter(district=region.district)
    if kind:
        found = found.filter(kind=kind)
    if institution_class:
        found = found.filter(institution_class=institution_class)
    if district:
        found = found.filter(district=district)
    return found.order_by("district", "normalized_name", "pk")


def prospect_districts(user) -> list[str]:
    return list(prospects(user).order_by("district").values_list("district", flat=True).distinct())


def jobs_visible_to(user) -> QuerySet[ImportJob]:
    if not permissions.may_import_registry(user):
        return ImportJob.objects.none()
    return ImportJob.objects.select_related("created_by", "applied_by")
