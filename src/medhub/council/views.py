"""The council's pages: the member's own page ("My council") with their calendar, the member
directory, meetings (scheduling, invitations, replies, attendance, minutes, decisions and votes,
action items, documents, certificates), the reply link that works without signing in,
announcements with read receipts, and the mediation committee's complaints. Views parse,
authorize through accounts.permissions and call council.services."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medhub.accounts import permissions
from medhub.accounts.permissions import require
from medhub.complaints.models import Complaint
from medhub.core import throttle
from medhub.core.views import private_download, protect_private_file
from medhub.council import calendar, certificates, forms, links, selectors, services
from medhub.council.models import (
    ActionItem,
    ActionStatus,
    Announcement,
    Answer,
    Division,
    Invitation,
    Mediation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    Participant,
    Receipt,
    Seat,
    SeatRole,
    Vote,
)
from medhub.council.workflow import MEDIATION, MEETING


def _errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _me(request):
    member = getattr(request, "_council_member", False)
    if member is False:
        member = selectors.member_of(request.user)
        request._council_member = member
    return member


@login_required
@require_GET
def council_home(request):
    if permissions.may_assist_council(request.user):
        return redirect("council-meetings")
    if _me(request) is not None:
        return redirect("council-mine")
    raise PermissionDenied


# -- the member's own page ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def council_mine(request):
    member = _me(request)
    if member is None:
        raise PermissionDenied
    share = forms.ShareForm(
        request.POST or None,
        initial={"share_email": member.share_email, "share_phone": member.share_phone, "phone": member.phone},
    )
    if request.method == "POST":
        if share.is_valid():
            services.member_share(member=member, **share.cleaned_data)
            messages.success(request, _("Saved: the directory shows what you chose."))
            return redirect("council-mine")
        return render(request, "council/mine.html", _mine_context(member, share), status=400)
    return render(request, "council/mine.html", _mine_context(member, share))


def _mine_context(member, share):
    return {
        "member": member,
        "upcoming": list(selectors.upcoming_for(member)),
        "actions": list(selectors.open_actions_of(member)),
        "unread": list(
            Receipt.objects.filter(member=member, read_at__isnull=True).select_related("announcement").order_by("-id")[:20]
        ),
        "share_form": share,
        "seats": list(member.seats.select_related("committee")),
    }


@login_required
@require_GET
def council_calendar(request):
    """The member's meetings (not those they declined) as one calendar file."""
    member = _me(request)
    if member is None:
        raise PermissionDenied
    meetings = (
        Meeting.objects.filter(invitations__member=member)
        .exclude(pk__in=Invitation.objects.filter(member=member, answer=Answer.NO).values("meeting_id"))
        .filter(ends_at__gte=timezone.now() - datetime.timedelta(days=90))
        .order_by("starts_at")
    )
    body = calendar.meetings_ics(meetings, name=_("Council meetings"), organizer_name=_("The council"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="council.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# -- the directory and the members --------------------------------------------------------------


@login_required
@require_GET
def council_directory(request):
    require(permissions.may_see_council_directory(request.user, _me(request)))
    division = request.GET.get("division") or ""
    division_id = int(division) if division.isdigit() else None
    members = list(selectors.directory(division_id=division_id)[:500])
    return render(
        request,
        "council/directory.html",
        {
            "members": members,
            "divisions": list(Division.objects.filter(active=True)),
            "division_id": division_id,
            "may_run": permissions.may_run_council(request.user),
            "staff": permissions.may_assist_council(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_member_new(request):
    require(permissions.may_run_council(request.user))
    form = forms.MemberForm(request.POST or None, initial={"term_start": timezone.localdate(), "voting": True})
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            seats = form.seats()
            for key in ("committees", "chairs"):
                data.pop(key)
            try:
                services.member_add(actor=request.user, seats=seats, **data)
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Member added."))
                return redirect("council-directory")
        return render(request, "council/member_form.html", {"form": form}, status=400)
    return render(request, "council/member_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def council_member_edit(request, member_id):
    require(permissions.may_run_council(request.user))
    member = get_object_or_404(Member.objects.select_related("person"), pk=member_id)
    seats = list(member.seats.all())
    initial = {
        "organization": member.organization_id,
        "division": member.division_id,
        "role": member.role,
        "title": member.title,
        "term_start": member.term_start,
        "term_end": member.term_end,
        "voting": member.voting,
        "committees": [s.committee_id for s in seats],
        "chairs": [s.committee_id for s in seats if s.role == SeatRole.CHAIR],
    }
    form = forms.MemberForm(request.POST or None, initial=initial, editing=member)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            new_seats = form.seats()
            for key in ("committees", "chairs"):
                data.pop(key)
            try:
                services.member_change(actor=request.user, member_id=member.pk, seats=new_seats, **data)
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Member saved."))
                return redirect("council-directory")
        return render(request, "council/member_form.html", {"form": form, "member": member}, status=400)
    return render(request, "council/member_form.html", {"form": form, "member": member})


# -- meetings -----------------------------------------------------------------------------------


@login_required
@require_GET
def council_meetings(request):
    member = _me(request)
    if not permissions.may_assist_council(request.user) and member is None:
        raise PermissionDenied
    meetings = list(selectors.meetings_for(request.user, member).order_by("-starts_at")[:200])
    return render(
        request,
        "council/meetings.html",
        {"meetings": meetings, "may_run": permissions.may_run_council(request.user), "now": timezone.now()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_meeting_new(request):
    require(permissions.may_run_council(request.user))
    kind = request.GET.get("kind") if request.GET.get("kind") in MeetingKind.values else MeetingKind.PLENARY
    initial = forms.default_meeting_initial(kind, selectors.suggested_start(kind))
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = services.meeting_schedule(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Meeting scheduled; the invitations are sent."))
                return redirect("council-meeting", meeting_id=meeting.pk)
        return render(request, "council/meeting_form.html", {"form": form}, status=400)
    return render(request, "council/meeting_form.html", {"form": form})


def _meeting_for(request, meeting_id):
    meeting = get_object_or_404(Meeting.objects.select_related("division", "committee", "minutes_by"), pk=meeting_id)
    member = _me(request)
    if not permissions.may_see_meeting(request.user, member, invited=selectors.is_invited(meeting, member)):
        raise Http404
    return meeting, member


def _meeting_context(request, meeting, member, **forms_given):
    invitations = list(meeting.invitations.select_related("member__person", "member__organization", "member__division"))
    mine = next((i for i in invitations if member is not None and i.member_id == member.pk), None)
    may_record = permissions.may_record_minutes(request.user, member, meeting)
    voters = [i.member for i in invitations if i.present and i.member.voting]
    decisions = list(
        meeting.decisions.prefetch_related(Prefetch("votes", queryset=Vote.objects.select_related("member__person")))
    )
    started = meeting.starts_at <= timezone.now()
    participants = (
        list(meeting.participants.select_related("person", "organization"))
        if meeting.kind == MeetingKind.TRAINING and permissions.may_assist_council(request.user)
        else []
    )
    return {
        "meeting": meeting,
        "invitations": invitations,
        "mine": mine,
        "quorum": selectors.quorum(meeting),
        "decisions": decisions,
        "actions": list(meeting.actions.select_related("owner__person")),
        "documents": list(meeting.documents.all()),
        "mediations": list(meeting.mediations.select_related("complaint")),
        "may_run": permissions.may_run_council(request.user),
        "may_record": may_record and meeting.status != MeetingStatus.CANCELLED,
        "may_upload": permissions.may_assist_council(request.user),
        "may_cancel": permissions.may_run_council(request.user) and MEETING.allowed(meeting.status, MeetingStatus.CANCELLED),
        "started": started,
        "is_training": meeting.kind == MeetingKind.TRAINING,
        "answer_form": forms_given.get("answer") or forms.AnswerForm(initial={"answer": mine.answer if mine else ""}),
        "attendance_form": forms_given.get("attendance") or forms.AttendanceForm(invitations=invitations),
        "minutes_form": forms_given.get("minutes") or forms.MinutesForm(initial={"minutes": meeting.minutes}),
        "decision_form": forms_given.get("decision") or forms.DecisionForm(voters=voters),
        "action_form": forms_given.get("action") or forms.ActionForm(invitations=invitations),
        "document_form": forms_given.get("document") or forms.DocumentForm(),
        "cancel_form": forms_given.get("cancel") or forms.CancelForm(),
        "answers": Answer,
        "action_statuses": ActionStatus.choices,
        "participants": participants,
        "participant_form": forms_given.get("participant") or forms.ParticipantForm(),
        "participant_attendance_form": forms_given.get("participant_attendance")
        or forms.ParticipantAttendanceForm(participants=participants, prefix="participants"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def council_meeting(request, meeting_id):
    meeting, member = _meeting_for(request, meeting_id)
    if request.method == "GET":
        return render(request, "council/meeting.html", _meeting_context(request, meeting, member))
    action = request.POST.get("action", "")
    invitations = list(meeting.invitations.select_related("member__person"))
    if action == "answer":
        mine = next((i for i in invitations if member is not None and i.member_id == member.pk), None)
        if mine is None:
            raise PermissionDenied
        form, name = forms.AnswerForm(request.POST), "answer"

        def call(data):
            services.invitation_answer(invitation_id=mine.pk, answer=data["answer"], actor=request.user)
            return _("Your reply is saved.")

    elif action in ("attendance", "minutes", "decision", "action_item"):
        require(permissions.may_record_minutes(request.user, member, meeting))
        if action == "attendance":
            form, name = forms.AttendanceForm(request.POST, invitations=invitations), "attendance"

            def call(data):
                result = services.attendance_record(actor=request.user, meeting_id=meeting.pk, present_member_ids=data["present"])
                return _("Attendance saved: quorum met.") if result["met"] else _("Attendance saved: quorum not met.")

        elif action == "minutes":
            form, name = forms.MinutesForm(request.POST), "minutes"

            def call(data):
                services.minutes_record(actor=request.user, meeting_id=meeting.pk, minutes=data["minutes"])
                return _("Minutes saved.")

        elif action == "decision":
            voters = [i.member for i in invitations if i.present and i.member.voting]
            form, name = forms.DecisionForm(request.POST, voters=voters), "decision"

            def call(data):
                services.decision_record(
                    actor=request.user, meeting_id=meeting.pk, text=data["text"], votes=form.collected_votes()
                )
                return _("Decision recorded with its votes.")

        else:
            form, name = forms.ActionForm(request.POST, invitations=invitations), "action"

            def call(data):
                services.action_add(
                    actor=request.user, meeting_id=meeting.pk, owner_id=data["owner"], title=data["title"], due_on=data["due_on"]
                )
                return _("Action added; its owner is told.")

    elif action == "document":
        require(permissions.may_assist_council(request.user))
        form, name = forms.DocumentForm(request.POST, request.FILES), "document"

        def call(data):
            upload, content_type, checksum = data["file"]
            services.document_add(
                actor=request.user, meeting_id=meeting.pk, upload=upload, content_type=content_type, checksum=checksum
            )
            return _("Document added.")

    elif action == "participant":
        require(permissions.may_run_council(request.user))
        form, name = forms.ParticipantForm(request.POST), "participant"

        def call(data):
            services.participant_add(actor=request.user, meeting_id=meeting.pk, person=data["person"])
            return _("Participant added; they are told.")

    elif action == "participant_attendance":
        require(permissions.may_assist_council(request.user))
        participants = list(meeting.participants.select_related("person"))
        form, name = (
            forms.ParticipantAttendanceForm(request.POST, participants=participants, prefix="participants"),
            "participant_attendance",
        )

        def call(data):
            services.participants_attendance(actor=request.user, meeting_id=meeting.pk, present_ids=data["present"])
            return _("Participants' attendance saved.")

    elif action == "cancel":
        require(permissions.may_run_council(request.user))
        form, name = forms.CancelForm(request.POST), "cancel"

        def call(data):
            services.meeting_cancel(actor=request.user, meeting_id=meeting.pk, reason=data["reason"])
            return _("Meeting cancelled; the invited members are told.")

    elif action == "invite":
        require(permissions.may_run_council(request.user))
        try:
            count = services.meeting_invite(actor=request.user, meeting_id=meeting.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Invitations sent: %(count)d.") % {"count": count})
        return redirect("council-meeting", meeting_id=meeting.pk)
    else:
        return HttpResponse(status=400)
    if form.is_valid():
        try:
            messages.success(request, call(form.cleaned_data))
            return redirect("council-meeting", meeting_id=meeting.pk)
        except ValidationError as error:
            _errors(form, error)
    meeting.refresh_from_db()
    return render(request, "council/meeting.html", _meeting_context(request, meeting, member, **{name: form}), status=400)


@login_required
@require_GET
def council_meeting_ics(request, meeting_id):
    meeting, _member = _meeting_for(request, meeting_id)
    body = calendar.meetings_ics([meeting], name=meeting.title, organizer_name=_("The council"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
@require_GET
def council_document(request, meeting_id, document_id):
    meeting, _member = _meeting_for(request, meeting_id)
    document = get_object_or_404(meeting.documents, pk=document_id)
    services.document_opened(actor=request.user, document=document)
    response = FileResponse(
        document.file.open("rb"), content_type=document.content_type, as_attachment=True, filename=document.original_name
    )
    return protect_private_file(response)


@login_required
@require_GET
def council_certificate(request, meeting_id, invitation_id):
    """A training's attendance certificate: for the attendee, and for hub staff."""
    meeting, member = _meeting_for(request, meeting_id)
    invitation = get_object_or_404(
        Invitation.objects.select_related("member__person", "member__organization", "meeting"), pk=invitation_id, meeting=meeting
    )
    if not permissions.may_assist_council(request.user) and (member is None or invitation.member_id != member.pk):
        raise Http404
    try:
        body = certificates.certificate_pdf(invitation)
    except ValidationError:
        raise Http404 from None
    return private_download(
        body, content_type="application/pdf", filename=f"certificate-{certificates.certificate_number(invitation)}.pdf"
    )


@login_required
@require_GET
def council_training(request, meeting_id):
    """A training session as its participant from outside the council sees it, with their
    certificate once they attended (hub staff may open it too)."""
    meeting = get_object_or_404(Meeting, pk=meeting_id, kind=MeetingKind.TRAINING)
    participant = meeting.participants.select_related("person", "organization").filter(person=request.user).first()
    if participant is None and not permissions.may_assist_council(request.user):
        raise Http404
    issuable = False
    if participant is not None:
        try:
            certificates.check_issuable(participant)
            issuable = True
        except ValidationError:
            issuable = False
    return render(request, "council/training.html", {"meeting": meeting, "participant": participant, "issuable": issuable})


@login_required
@require_GET
def council_participant_certificate(request, meeting_id, participant_id):
    participant = get_object_or_404(
        Participant.objects.select_related("person", "organization", "meeting"), pk=participant_id, meeting_id=meeting_id
    )
    if participant.person_id != request.user.pk and not permissions.may_assist_council(request.user):
        raise Http404
    try:
        body = certificates.certificate_pdf(participant)
    except ValidationError:
        raise Http404 from None
    return private_download(
        body, content_type="application/pdf", filename=f"certificate-{certificates.certificate_number(participant)}.pdf"
    )


# -- the reply link (no sign-in) ----------------------------------------------------------------


def _invitation_from(token):
    invitation_id = links.invitation_from_token(token)
    return services.invitation_open(invitation_id) if invitation_id is not None else None


@require_http_methods(["GET", "POST"])
@throttle.limit("link")
def council_reply(request, token):
    """The invitation's link: opening it changes nothing (mail scanners open links); choosing an
    answer saves it. A tampered or expired link (or a meeting over or cancelled) is refused."""
    invitation = _invitation_from(token)
    if invitation is None:
        return render(request, "council/link_invalid.html", status=404)
    chosen = request.GET.get("answer", "")
    form = forms.AnswerForm(request.POST or None, initial={"answer": chosen or invitation.answer})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.invitation_answer(invitation_id=invitation.pk, answer=form.cleaned_data["answer"])
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Thank you: your reply is saved."))
                return redirect("council-reply", token=token)
        status = 400
    response = render(
        request,
        "council/reply.html",
        {"invitation": invitation, "meeting": invitation.meeting, "form": form, "token": token},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@throttle.limit("link")
def council_reply_ics(request, token):
    invitation = _invitation_from(token)
    if invitation is None:
        return render(request, "council/link_invalid.html", status=404)
    body = calendar.meetings_ics([invitation.meeting], name=invitation.meeting.title, organizer_name=_("The council"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{invitation.meeting_id}.ics"'
    response["Cache-Control"] = "no-store"
    return response


# -- action items -------------------------------------------------------------------------------


@login_required
@require_POST
def council_action(request, action_id):
    action = get_object_or_404(ActionItem, pk=action_id)
    member = _me(request)
    if not permissions.may_move_action(request.user, member, action):
        raise Http404
    form = forms.ActionStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.action_move(actor=request.user, action_id=action.pk, to_state=form.cleaned_data["to_state"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Action updated."))
    back = request.POST.get("next", "")
    if back == "meeting":
        return redirect("council-meeting", meeting_id=action.meeting_id)
    return redirect("council-mine" if member is not None and action.owner_id == member.pk else "council-meetings")


# -- announcements ------------------------------------------------------------------------------


@login_required
@require_GET
def council_announcements(request):
    member = _me(request)
    if not permissions.may_assist_council(request.user) and member is None:
        raise PermissionDenied
    announcements = list(selectors.announcements_for(request.user, member).order_by("-sent_at")[:200])
    return render(
        request,
        "council/announcements.html",
        {
            "announcements": announcements,
            "may_run": permissions.may_run_council(request.user),
            "staff": permissions.may_assist_council(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_announcement_new(request):
    require(permissions.may_run_council(request.user))
    form = forms.AnnouncementForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                announcement = services.announcement_send(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Announcement sent."))
                return redirect("council-announcement", announcement_id=announcement.pk)
        return render(request, "council/announcement_form.html", {"form": form}, status=400)
    return render(request, "council/announcement_form.html", {"form": form})


@login_required
@require_GET
def council_announcement(request, announcement_id):
    announcement = get_object_or_404(Announcement.objects.select_related("division", "committee", "author"), pk=announcement_id)
    member = _me(request)
    staff = permissions.may_assist_council(request.user)
    receipt = Receipt.objects.filter(announcement=announcement, member=member).first() if member is not None else None
    if not staff and receipt is None:
        raise Http404
    if receipt is not None:
        services.announcement_read(member=member, announcement=announcement)
    receipts = list(announcement.receipts.select_related("member__person", "member__division")) if staff else []
    return render(
        request,
        "council/announcement.html",
        {
            "announcement": announcement,
            "receipts": receipts,
            "read_count": sum(1 for r in receipts if r.read_at),
            "staff": staff,
        },
    )


# -- mediation ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def council_mediations(request):
    """The complaints the mediation committee took up: hub staff, and the committee's members."""
    member = _me(request)
    staff = permissions.may_assist_council(request.user)
    on_committee = member is not None and Seat.objects.filter(member=member, committee__kind="mediation").exists()
    if not staff and not on_committee:
        raise PermissionDenied
    form = forms.MediationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require(permissions.may_run_council(request.user))
        if form.is_valid():
            complaint = Complaint.objects.filter(reference=form.cleaned_data["complaint"].strip()).first()
            if complaint is None:
                form.add_error("complaint", _("No complaint has this reference."))
            else:
                try:
                    mediation = services.mediation_take_up(
                        actor=request.user, complaint=complaint, note=form.cleaned_data["note"]
                    )
                except ValidationError as error:
                    _errors(form, error)
                else:
                    messages.success(request, _("The committee takes up this complaint."))
                    return redirect("council-mediation", mediation_id=mediation.pk)
        status = 400
    mediations = list(Mediation.objects.select_related("complaint", "complaint__organization", "committee")[:200])
    return render(
        request,
        "council/mediations.html",
        {"mediations": mediations, "form": form, "may_run": permissions.may_run_council(request.user)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def council_mediation(request, mediation_id):
    member = _me(request)
    staff = permissions.may_assist_council(request.user)
    mediation = get_object_or_404(
        Mediation.objects.select_related("complaint", "complaint__organization", "committee", "meeting"), pk=mediation_id
    )
    chair = member is not None and mediation.committee_id in member.chaired_committee_ids
    on_committee = member is not None and Seat.objects.filter(member=member, committee_id=mediation.committee_id).exists()
    if not staff and not on_committee:
        raise Http404
    may_recommend = (staff or chair) and MEDIATION.allowed(mediation.status, "recommended")
    form = forms.RecommendationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require(may_recommend)
        if form.is_valid():
            try:
                services.mediation_recommend(
                    actor=request.user, mediation_id=mediation.pk, recommendation=form.cleaned_data["recommendation"]
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("Recommendation recorded."))
                return redirect("council-mediation", mediation_id=mediation.pk)
        status = 400
    return render(
        request,
        "council/mediation.html",
        {"mediation": mediation, "complaint": mediation.complaint, "form": form, "may_recommend": may_recommend, "staff": staff},
        status=status,
    )
