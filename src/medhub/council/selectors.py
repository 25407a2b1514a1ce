"""Reads of the council: who a user is on it, what they may see, the quorum of a meeting."""

import datetime
import math

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q
from django.utils import timezone

from medhub.accounts import permissions
from medhub.council.models import (
    ActionItem,
    ActionStatus,
    Announcement,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    Receipt,
    Seat,
    SeatRole,
)


def member_of(user) -> Member | None:
    """The user's council membership (with the ids of the committees they chair), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    member = Member.objects.select_related("division", "organization", "person").filter(person=user).first()
    if member is not None:
        member.chaired_committee_ids = set(
            Seat.objects.filter(member=member, role=SeatRole.CHAIR).values_list("committee_id", flat=True)
        )
    return member


def members_in_term(day: datetime.date | None = None):
    day = day or timezone.localdate()
    return Member.objects.filter(term_start__lte=day).filter(Q(term_end__isnull=True) | Q(term_end__gte=day))


def directory(*, division_id: int | None = None):
    """The member directory, in one query for the members and one for their committees."""
    queryset = members_in_term().select_related("person", "organization", "division")
    if division_id:
        queryset = queryset.filter(division_id=division_id)
    return queryset.prefetch_related(Prefetch("seats", queryset=Seat.objects.select_related("committee")))


def invitees(meeting: Meeting):
    """The members a meeting invites: everyone in term for a plenary or a training (a training of a
    division: that division), the division's members for a division meeting, the committee's for a
    committee meeting."""
    queryset = members_in_term(timezone.localtime(meeting.starts_at).date())
    if meeting.kind == MeetingKind.COMMITTEE and meeting.committee_id:
        return queryset.filter(seats__committee_id=meeting.committee_id).distinct()
    if meeting.kind in (MeetingKind.DIVISION, MeetingKind.TRAINING) and meeting.division_id:
        return queryset.filter(division_id=meeting.division_id)
    return queryset


def meetings_for(user, member):
    """The meetings a user may see: all for hub staff, the ones a member is invited to."""
    queryset = Meeting.objects.select_related("division", "committee")
    if permissions.may_assist_council(user):
        return queryset
    if member is None:
        return queryset.none()
    return queryset.filter(invitations__member=member)


def is_invited(meeting: Meeting, member: Member | None) -> bool:
    return member is not None and Invitation.objects.filter(meeting=meeting, member=member).exists()


def quorum(meeting: Meeting) -> dict:
    """Who must be present and who is: the meeting's own quorum when set, otherwise more than
    the fraction MEDHUB_COUNCIL_QUORUM (default one half) of the invited voting members."""
    counts = Invitation.objects.filter(meeting=meeting, member__voting=True).aggregate(
        invited=Count("id"), present=Count("id", filter=Q(present=True))
    )
    invited, present = counts["invited"], counts["present"]
    if meeting.quorum:
        needed = meeting.quorum
    else:
        fraction = float(getattr(settings, "MEDHUB_COUNCIL_QUORUM", 0.5))
        needed = math.floor(invited * fraction) + 1 if invited else 0
    return {"invited": invited, "present": present, "needed": needed, "met": invited > 0 and present >= needed}


def upcoming_for(member: Member, *, now: datetime.datetime | None = None):
    now = now or timezone.now()
    return (
        Invitation.objects.filter(member=member, meeting__ends_at__gte=now, meeting__status=MeetingStatus.SCHEDULED)
        .select_related("meeting", "meeting__division", "meeting__committee")
        .order_by("meeting__starts_at")
    )


def open_actions_of(member: Member):
    return ActionItem.objects.filter(owner=member, status=ActionStatus.OPEN).select_related("meeting").order_by("due_on")


def announcements_for(user, member):
    if permissions.may_assist_council(user):
        return Announcement.objects.select_related("division", "committee", "author").annotate(
            recipients=Count("receipts"), read=Count("receipts", filter=Q(receipts__read_at__isnull=False))
        )
    if member is None:
        return Announcement.objects.none()
    return Announcement.objects.filter(receipts__member=member).annotate(
        my_read_at=Receipt.objects.filter(announcement_id=OuterRef("pk"), member=member).values("read_at")[:1]
    )


def suggested_start(kind: str, *, now: datetime.datetime | None = None) -> datetime.datetime:
    """The default date of a new meeting: three months after the last one of the same kind (the
    council meets quarterly), or the first Thursday of next quarter, at 15:00 in the hub's zone."""
    now = timezone.localtime(now or timezone.now())
    last = Meeting.objects.filter(kind=kind).exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at").first()
    if last is not None and timezone.localtime(last.starts_at) + datetime.timedelta(days=30) > now:
        start = timezone.localtime(last.starts_at)
        month = start.month + 3
        year = start.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = min(start.day, 28)
        return start.replace(year=year, month=month, day=day)
    quarter_month = ((now.month - 1) // 3 + 1) * 3 + 1
    year = now.year + (quarter_month - 1) // 12
    month = (quarter_month - 1) % 12 + 1
    first = now.replace(year=year, month=month, day=1, hour=15, minute=0, second=0, microsecond=0)
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7)


def attendance_by_organization(*, start: datetime.date, end: datetime.date) -> dict[int, dict[str, int]]:
    """For the yearly evaluation: per organization, the held council meetings its members were
    invited to and attended, and the training sessions they attended, between two dates (inclusive)."""
    held = Invitation.objects.filter(
        meeting__status=MeetingStatus.HELD,
        meeting__starts_at__date__gte=start,
        meeting__starts_at__date__lte=end,
        member__organization__isnull=False,
    )
    council = [kind for kind in MeetingKind.values if kind != MeetingKind.TRAINING]
    rows = (
        held.order_by()
        .values("member__organization_id")
        .annotate(
            n_invited=Count("id", filter=Q(meeting__kind__in=council)),
            n_present=Count("id", filter=Q(present=True, meeting__kind__in=council)),
            n_trainings=Count("id", filter=Q(present=True, meeting__kind=MeetingKind.TRAINING)),
        )
    )
    return {
        row["member__organization_id"]: {
            "invited": row["n_invited"],
            "present": row["n_present"],
            "trainings": row["n_trainings"],
        }
        for row in rows
    }
