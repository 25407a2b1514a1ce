"""Reads of complaints, each starting from who asks: the hub sees every received complaint, an
organization those forwarded to it, a complainant their own."""

from django.db import models
from django.db.models import F, Q, When
from django.utils import timezone

from medhub.accounts import permissions
from medhub.complaints.models import Complaint, ComplaintStatus


def with_next_due(queryset):
    """Each complaint's next deadline: acknowledging while received, resolving while open."""
    return queryset.annotate(
        next_due_at=models.Case(
            When(status=ComplaintStatus.RECEIVED, then=F("acknowledge_due")),
            When(status__in=[ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.FORWARDED], then=F("resolve_due")),
            default=None,
            output_field=models.DateTimeField(),
        )
    )


def overdue_q(now=None) -> Q:
    now = now or timezone.now()
    return Q(status=ComplaintStatus.RECEIVED, acknowledge_due__lt=now) | Q(
        status__in=[ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.FORWARDED], resolve_due__lt=now
    )


def complaints_for_hub(user):
    """Every complaint whose clocks run (an unconfirmed public filing is not one yet)."""
    if not permissions.may_handle_complaints(user):
        return Complaint.objects.none()
    return with_next_due(Complaint.objects.exclude(status=ComplaintStatus.UNCONFIRMED).select_related("organization", "case"))


def complaints_for_organization(user):
    """The complaints the hub forwarded to the organizations the user works for."""
    ids = permissions.complaint_organization_ids(user) if user.is_authenticated else set()
    return Complaint.objects.filter(organization_id__in=ids, forwarded_at__isnull=False).select_related("organization")


def complaints_of(user):
    """The complaints the user filed while signed in."""
    if not user.is_authenticated:
        return Complaint.objects.none()
    return Complaint.objects.filter(complainant=user).select_related("organization", "case")


def hub_may_read(user, complaint) -> bool:
    return permissions.may_handle_complaints(user) and complaint.status != ComplaintStatus.UNCONFIRMED


def may_read_documents(user, complaint) -> bool:
    """The documents: the hub, the complainant, and the organization once it was forwarded."""
    return (
        hub_may_read(user, complaint)
        or permissions.is_complainant(user, complaint)
        or permissions.may_answer_complaint(user, complaint)
    )


def timeline(complaint):
    """The complaint's audit entries, oldest first, with who acted."""
    from django.contrib.contenttypes.models import ContentType

    from medhub.core.models import LogEntry

    return (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Complaint), object_id=complaint.pk)
        .select_related("actor")
        .order_by("id")
    )
