"""What changes on the council. Every service here holds its rule, runs in one transaction,
writes its audit row and tells the people concerned through ``notify`` (in each one's language).
Views and API views parse, authorize (accounts.permissions) and call these."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.core.audit import log_action
from medhub.council import links, menu, selectors
from medhub.council.models import (
    ActionItem,
    ActionStatus,
    Announcement,
    Answer,
    Audience,
    Committee,
    CommitteeKind,
    Decision,
    Division,
    Invitation,
    Mediation,
    MediationStatus,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingStatus,
    Member,
    Participant,
    Receipt,
    Seat,
    Vote,
    VoteChoice,
)
from medhub.council.workflow import ACTION, MEDIATION, MEETING
from medhub.notifications.services import notify


def _path(name: str, **kwargs):
    """A notification link reversed in the recipient's language (notify calls it with the user)."""
    return lambda user: reverse(name, kwargs=kwargs)


def _remember_after_commit(user_id: int) -> None:
    transaction.on_commit(lambda: menu.remember(user_id))


# -- divisions ----------------------------------------------------------------------------------


@transaction.atomic
def division_change(*, actor, division_id: int, **fields) -> Division:
    """Renames (in any language; Korean cannot be emptied), reorders or retires a division."""
    division = Division.objects.select_for_update().get(pk=division_id)
    if "name" in fields:
        name = {code: text.strip() for code, text in fields.pop("name").items() if text and text.strip()}
        if not name.get("ko"):
            raise ValidationError({"name": _("Name the division in Korean.")})
        division.name = name
    for key, value in fields.items():
        setattr(division, key, value)
    division.full_clean()
    division.save()
    log_action(division, "council.division.changed", actor=actor, data={"code": division.code, "active": division.active})
    return division


# -- members ------------------------------------------------------------------------------------


def _check_term(term_start, term_end) -> None:
    if term_end is not None and term_start is not None and term_end < term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})


def _seat(member: Member, seats: list[tuple[Committee, str]]) -> None:
    Seat.objects.filter(member=member).exclude(committee__in=[c for c, _r in seats]).delete()
    for committee, role in seats:
        Seat.objects.update_or_create(member=member, committee=committee, defaults={"role": role})


@transaction.atomic
def member_add(*, actor, person, division, term_start, seats=(), **fields) -> Member:
    """Seats ``person`` on the council. ``seats`` is a list of (committee, role)."""
    if Member.objects.filter(person=person).exists():
        raise ValidationError({"person": _("This person is already on the council.")})
    _check_term(term_start, fields.get("term_end"))
    member = Member(person=person, division=division, term_start=term_start, **fields)
    member.full_clean()
    member.save()
    _seat(member, list(seats))
    log_action(member, "council.member.added", actor=actor, data={"division": division.code, "role": member.role})
    _remember_after_commit(person.pk)
    return member


@transaction.atomic
def member_change(*, actor, member_id: int, seats=None, **fields) -> Member:
    member = Member.objects.select_for_update().get(pk=member_id)
    for name, value in fields.items():
        setattr(member, name, value)
    _check_term(member.term_start, member.term_end)
    member.full_clean()
    member.save()
    if seats is not None:
        _seat(member, list(seats))
    log_action(member, "council.member.changed", actor=actor, data={"changed": sorted(fields)})
    _remember_after_commit(member.person_id)
    return member


@transaction.atomic
def member_share(*, member: Member, share_email: bool, share_phone: bool, phone: str) -> Member:
    """What a member shows the other members: their email, their phone (they decide)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    member.share_email, member.share_phone, member.phone = share_email, share_phone, phone.strip()[:40]
    member.save(update_fields=["share_email", "share_phone", "phone"])
    log_action(member, "council.member.shared", actor=member.person, data={"email": share_email, "phone": share_phone})
    return member


# -- meetings -----------------------------------------------------------------------------------


def _check_meeting(meeting: Meeting) -> None:
    errors = {}
    if meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = _("A meeting ends after it starts.")
    if meeting.kind == MeetingKind.DIVISION and not meeting.division_id:
        errors["division"] = _("Choose the division that meets.")
    if meeting.kind == MeetingKind.COMMITTEE and not meeting.committee_id:
        errors["committee"] = _("Choose the committee that meets.")
    if not meeting.place and not meeting.video_url:
        errors["place"] = _("Give a place or a video link.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_schedule(*, actor, invite: bool = True, **fields) -> Meeting:
    """Schedules a meeting and (by default) sends its invitations at once."""
    meeting = Meeting(created_by=actor, **fields)
    if meeting.kind != MeetingKind.COMMITTEE:
        meeting.committee = None
    if meeting.kind in (MeetingKind.PLENARY, MeetingKind.COMMITTEE):
        meeting.division = None
    _check_meeting(meeting)
    meeting.full_clean()
    meeting.save()
    log_action(
        meeting, "council.meeting.scheduled", actor=actor, data={"kind": meeting.kind, "starts_at": meeting.starts_at.isoformat()}
    )
    if invite:
        meeting_invite(actor=actor, meeting_id=meeting.pk)
    return meeting


def _invitation_context(invitation: Invitation, language: str) -> dict:
    meeting = invitation.meeting
    return {
        "meeting": meeting,
        "member": invitation.member,
        "starts_at": meeting.starts_at,
        "yes_url": links.reply_url(invitation.pk, language, Answer.YES),
        "no_url": links.reply_url(invitation.pk, language, Answer.NO),
        "maybe_url": links.reply_url(invitation.pk, language, Answer.MAYBE),
        "ics_url": links.ics_url(invitation.pk, language),
    }


@transaction.atomic
def meeting_invite(*, actor, meeting_id: int) -> int:
    """Invites every member the meeting concerns who is not invited yet; each is told in their
    language, with a reply link and the calendar file. Returns how many were invited."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled meeting sends invitations."))
    already = set(meeting.invitations.values_list("member_id", flat=True))
    now = timezone.now()
    new = [
        Invitation(meeting=meeting, member=member, sent_at=now)
        for member in selectors.invitees(meeting).select_related("person")
        if member.pk not in already
    ]
    Invitation.objects.bulk_create(new)
    for invitation in Invitation.objects.filter(meeting=meeting, member_id__in=[i.member_id for i in new]).select_related(
        "member__person", "meeting"
    ):
        person = invitation.member.person
        notify(
            person,
            "council.invitation",
            _invitation_context(invitation, person.preferred_language),
            _path("council-meeting", meeting_id=meeting.pk),
        )
    log_action(meeting, "council.meeting.invited", actor=actor, data={"invited": len(new)})
    return len(new)


def invitation_open(invitation_id: int) -> Invitation | None:
    """The invitation a link names, while its meeting is still to come (else None: expired)."""
    invitation = Invitation.objects.select_related("meeting", "member__person").filter(pk=invitation_id).first()
    if invitation is None:
        return None
    meeting = invitation.meeting
    if meeting.status != MeetingStatus.SCHEDULED or meeting.ends_at < timezone.now():
        return None
    return invitation


@transaction.atomic
def invitation_answer(*, invitation_id: int, answer: str, actor=None) -> Invitation:
    """Yes, no or maybe to an invitation, by the signed link or signed in; may be changed until
    the meeting ends."""
    if answer not in (Answer.YES, Answer.NO, Answer.MAYBE):
        raise ValidationError({"answer": _("Answer yes, no or maybe.")})
    invitation = Invitation.objects.select_for_update().select_related("meeting", "member").get(pk=invitation_id)
    if invitation.meeting.status != MeetingStatus.SCHEDULED or invitation.meeting.ends_at < timezone.now():
        raise ValidationError(_("This meeting is over or cancelled; the reply can no longer change."))
    before = invitation.answer
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at"])
    log_action(
        invitation.meeting,
        "council.meeting.replied",
        actor=actor or invitation.member.person,
        data={"member": invitation.member_id, "from": before, "to": answer, "by_link": actor is None},
    )
    return invitation


@transaction.atomic
def attendance_record(*, actor, meeting_id: int, present_member_ids) -> dict:
    """Who was there: every invited member is present or not (members not invited are refused)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    present = {int(pk) for pk in present_member_ids}
    invited = set(meeting.invitations.values_list("member_id", flat=True))
    if present - invited:
        raise ValidationError({"present": _("Only invited members can be recorded as present.")})
    meeting.invitations.filter(member_id__in=present).update(present=True)
    meeting.invitations.exclude(member_id__in=present).update(present=False)
    result = selectors.quorum(meeting)
    log_action(meeting, "council.meeting.attendance", actor=actor, data={"present": len(present), "quorum_met": result["met"]})
    return result


@transaction.atomic
def minutes_record(*, actor, meeting_id: int, minutes: str) -> Meeting:
    """The minutes; the meeting is then held."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if not minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes.")})
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Minutes are recorded once the meeting has started."))
    if meeting.status == MeetingStatus.SCHEDULED:
        MEETING.move(meeting, MeetingStatus.HELD)
    elif meeting.status != MeetingStatus.HELD:
        MEETING.check(meeting.status, MeetingStatus.HELD)
    meeting.minutes = minutes.strip()
    meeting.minutes_by = actor
    meeting.minutes_at = timezone.now()
    meeting.save(update_fields=["status", "minutes", "minutes_by", "minutes_at"])
    log_action(meeting, "council.meeting.minutes", actor=actor, data={"to_state": meeting.status})
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting_id: int, reason: str = "") -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    previous = MEETING.move(meeting, MeetingStatus.CANCELLED)
    meeting.save(update_fields=["status"])
    for invitation in meeting.invitations.select_related("member__person"):
        notify(
            invitation.member.person,
            "council.cancelled",
            {"meeting": meeting, "reason": reason},
            _path("council-meeting", meeting_id=meeting.pk),
        )
    log_action(meeting, "council.meeting.cancelled", actor=actor, data={"from": previous, "to_state": meeting.status})
    return meeting


@transaction.atomic
def decision_record(*, actor, meeting_id: int, text: str, votes: dict[int, str]) -> Decision:
    """A decision and each present member's vote (for, against, abstain). Only members recorded
    present vote; each votes once."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    present = set(meeting.invitations.filter(present=True, member__voting=True).values_list("member_id", flat=True))
    if not present:
        raise ValidationError(_("Record who was present before recording a decision."))
    votes = {int(k): v for k, v in votes.items() if v}
    if set(votes) - present:
        raise ValidationError({"votes": _("Only voting members recorded present can vote.")})
    if any(choice not in VoteChoice.values for choice in votes.values()):
        raise ValidationError({"votes": _("A vote is for, against or abstained.")})
    decision = Decision.objects.create(meeting=meeting, text=text.strip())
    Vote.objects.bulk_create([Vote(decision=decision, member_id=pk, choice=choice) for pk, choice in votes.items()])
    tally = {choice: sum(1 for v in votes.values() if v == choice) for choice in VoteChoice.values}
    log_action(decision, "council.decision.recorded", actor=actor, data={"meeting": meeting.pk, **tally})
    return decision


@transaction.atomic
def action_add(*, actor, meeting_id: int, owner_id: int, title: str, due_on: datetime.date) -> ActionItem:
    """An action item from a meeting, owned by one of its invited members, who is told."""
    meeting = Meeting.objects.get(pk=meeting_id)
    owner = Member.objects.select_related("person").filter(pk=owner_id, invitations__meeting=meeting).first()
    if owner is None:
        raise ValidationError({"owner": _("The owner is one of the members invited to this meeting.")})
    if not title.strip():
        raise ValidationError({"title": _("Say what is to be done.")})
    action = ActionItem.objects.create(meeting=meeting, owner=owner, title=title.strip()[:300], due_on=due_on)
    notify(owner.person, "council.action", {"action": action, "meeting": meeting}, _path("council-mine"))
    log_action(action, "council.action.added", actor=actor, data={"owner": owner.pk, "due_on": due_on.isoformat()})
    return action


@transaction.atomic
def action_move(*, actor, action_id: int, to_state: str) -> ActionItem:
    action = ActionItem.objects.select_for_update().get(pk=action_id)
    previous = ACTION.move(action, to_state)
    action.save(update_fields=["status"])
    log_action(action, "council.action.moved", actor=actor, data={"from": previous, "to_state": to_state})
    return action


def remind_due_actions(*, today: datetime.date | None = None) -> int:
    """Tells owners of open action items 3 days and 1 day before the due date, once each: a
    conditional update claims each reminder, so a second run (or two at once) sends nothing
    again. A reminder missed (the task did not run) is sent late rather than never; the 3-day one
    is skipped when the 1-day one is due."""
    today = today or timezone.localdate()
    sent = 0
    now = timezone.now()
    soon = ActionItem.objects.filter(status=ActionStatus.OPEN, due_on__gte=today, due_on__lte=today + datetime.timedelta(days=3))
    for action in soon.select_related("owner__person", "meeting"):
        days = (action.due_on - today).days
        field = "reminded_1_at" if days <= 1 else "reminded_3_at"
        with transaction.atomic():
            claimed = ActionItem.objects.filter(pk=action.pk, **{f"{field}__isnull": True}).update(**{field: now})
            if not claimed:
                continue
            if field == "reminded_1_at":
                ActionItem.objects.filter(pk=action.pk, reminded_3_at__isnull=True).update(reminded_3_at=now)
            notify(
                action.owner.person,
                "council.action_due",
                {"action": action, "meeting": action.meeting, "days": days},
                _path("council-mine"),
            )
            log_action(action, "council.action.reminded", data={"days": days})
        sent += 1
    return sent


@transaction.atomic
def document_add(*, actor, meeting_id: int, upload, content_type: str, checksum: str) -> MeetingDocument:
    """A meeting document, already checked by content (cases.uploads.check_upload), stored privately."""
    meeting = Meeting.objects.get(pk=meeting_id)
    document = MeetingDocument(meeting=meeting, added_by=actor)
    document.original_name = upload.name[:255]
    document.content_type = content_type
    document.size = upload.size
    document.checksum = checksum
    document.file.save(checksum, upload, save=False)
    document.save()
    log_action(document, "council.document.added", actor=actor, data={"meeting": meeting.pk, "type": content_type})
    return document


def document_opened(*, actor, document: MeetingDocument) -> None:
    log_action(document, "council.document.opened", actor=actor, data={"meeting": document.meeting_id})


# -- training participants ----------------------------------------------------------------------


@transaction.atomic
def participant_add(*, actor, meeting_id: int, person) -> Participant:
    """Adds a partner's staff member who is not on the council to a training session; they are
    told in their language and find it, and later their certificate, on the training's page."""
    from medhub.accounts.models import ORGANIZATION_ROLES, Membership

    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.kind != MeetingKind.TRAINING:
        raise ValidationError(_("Only a training session takes participants from outside the council."))
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Participants are added while the training is still scheduled."))
    if Member.objects.filter(person=person).exists():
        raise ValidationError({"person": _("This person is a council member: invite them as a member.")})
    membership = (
        Membership.objects.filter(user=person, role__in=ORGANIZATION_ROLES, organization__isnull=False)
        .select_related("organization")
        .first()
    )
    if membership is None:
        raise ValidationError({"person": _("Only the staff of a partner organization take the council's training.")})
    if Participant.objects.filter(meeting=meeting, person=person).exists():
        raise ValidationError({"person": _("This person is already on this training.")})
    participant = Participant.objects.create(meeting=meeting, person=person, organization=membership.organization)
    notify(
        person,
        "council.training",
        {"meeting": meeting, "starts_at": meeting.starts_at},
        _path("council-training", meeting_id=meeting.pk),
    )
    log_action(meeting, "council.training.participant", actor=actor, data={"participant": participant.pk})
    return participant


@transaction.atomic
def participants_attendance(*, actor, meeting_id: int, present_ids) -> int:
    """Which participants of a training were there (the members' attendance is recorded apart)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.kind != MeetingKind.TRAINING or meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Participants' attendance is recorded for a training session."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    present = {int(pk) for pk in present_ids}
    known = set(meeting.participants.values_list("pk", flat=True))
    if present - known:
        raise ValidationError({"present": _("Only the training's participants can be recorded as present.")})
    meeting.participants.filter(pk__in=present).update(present=True)
    meeting.participants.exclude(pk__in=present).update(present=False)
    log_action(meeting, "council.training.attendance", actor=actor, data={"present": len(present)})
    return len(present)


# -- mediation ----------------------------------------------------------------------------------


@transaction.atomic
def mediation_take_up(*, actor, complaint, note: str = "", meeting: Meeting | None = None) -> Mediation:
    """The dispute-mediation committee takes up a complaint the hub received (not one still
    waiting for its email confirmation, nor one withdrawn)."""
    if complaint.status in ("unconfirmed", "withdrawn"):
        raise ValidationError({"complaint": _("This complaint cannot be taken up: it is not received or was withdrawn.")})
    if Mediation.objects.filter(complaint=complaint).exists():
        raise ValidationError({"complaint": _("The committee has already taken up this complaint.")})
    committee = Committee.objects.filter(kind=CommitteeKind.MEDIATION).order_by("order", "id").first()
    if committee is None:
        raise ValidationError(_("There is no dispute mediation committee."))
    if meeting is not None and meeting.committee_id != committee.pk:
        raise ValidationError({"meeting": _("Choose a meeting of the dispute mediation committee.")})
    mediation = Mediation.objects.create(
        complaint=complaint, committee=committee, meeting=meeting, note=note.strip(), taken_up_by=actor
    )
    log_action(mediation, "council.mediation.taken_up", actor=actor, data={"complaint": complaint.reference})
    return mediation


@transaction.atomic
def mediation_recommend(*, actor, mediation_id: int, recommendation: str) -> Mediation:
    mediation = Mediation.objects.select_for_update().get(pk=mediation_id)
    if not recommendation.strip():
        raise ValidationError({"recommendation": _("Write the committee's recommendation.")})
    MEDIATION.move(mediation, MediationStatus.RECOMMENDED)
    mediation.recommendation = recommendation.strip()
    mediation.recommended_at = timezone.now()
    mediation.save(update_fields=["status", "recommendation", "recommended_at"])
    log_action(mediation, "council.mediation.recommended", actor=actor, data={"to_state": mediation.status})
    return mediation


# -- announcements ------------------------------------------------------------------------------


def audience_of(announcement: Announcement):
    members = selectors.members_in_term()
    if announcement.audience == Audience.DIVISION:
        return members.filter(division_id=announcement.division_id)
    if announcement.audience == Audience.COMMITTEE:
        return members.filter(seats__committee_id=announcement.committee_id).distinct()
    return members


@transaction.atomic
def announcement_send(*, actor, audience: str, subject: dict, body: dict, division=None, committee=None) -> Announcement:
    """An announcement in Korean (required) with optional translations, to all members, a division
    or a committee; each member is told in their language (Korean when it has no translation)."""
    errors = {}
    if not (subject or {}).get("ko"):
        errors["subject"] = _("Write the subject in Korean.")
    if not (body or {}).get("ko"):
        errors["body"] = _("Write the text in Korean.")
    if audience == Audience.DIVISION and division is None:
        errors["division"] = _("Choose the division.")
    if audience == Audience.COMMITTEE and committee is None:
        errors["committee"] = _("Choose the committee.")
    if audience not in Audience.values:
        errors["audience"] = _("Choose who receives it.")
    if errors:
        raise ValidationError(errors)
    announcement = Announcement.objects.create(
        audience=audience,
        division=division if audience == Audience.DIVISION else None,
        committee=committee if audience == Audience.COMMITTEE else None,
        subject=subject,
        body=body,
        author=actor,
    )
    members = list(audience_of(announcement).select_related("person"))
    Receipt.objects.bulk_create([Receipt(announcement=announcement, member=m) for m in members])
    for member in members:
        language = member.person.preferred_language
        text = body.get(language) or body["ko"]
        title = subject.get(language) or subject["ko"]
        notify(
            member.person,
            "council.announcement",
            {"subject": title, "body": text},
            _path("council-announcement", announcement_id=announcement.pk),
        )
    log_action(announcement, "council.announcement.sent", actor=actor, data={"audience": audience, "recipients": len(members)})
    return announcement


def announcement_read(*, member: Member, announcement: Announcement) -> bool:
    """The member opened the announcement: their receipt is stamped once. Returns whether it was now."""
    stamped = Receipt.objects.filter(announcement=announcement, member=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if stamped:
        log_action(announcement, "council.announcement.read", actor=member.person, data={"member": member.pk})
    return bool(stamped)
