"""Who may see and do what in medhub: the one place pages, API views, emails and tasks ask.

Every question is a function of the user (and, for a case, of the case) named after what it
allows. Roles come from ``accounts.selectors`` (memberships read once per request). A case is
read through its attributes only (``patient_id``, ``referred_by_id``), so this module imports
no higher app; the finer rights inside a case (which conversation, which documents) are
``cases.access.rights_for``, which builds on these.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from medhub.accounts.models import Role
from medhub.accounts.selectors import organization_ids, roles

HUB_ROLES = frozenset({Role.COORDINATOR, Role.HUB_ADMIN})


# -- roles ------------------------------------------------------------------------------------


def is_hub_staff(user) -> bool:
    """The hub's coordinators and administrators: they run cases, travel and interpreting."""
    return user.is_authenticated and bool(roles(user) & HUB_ROLES)


def is_hub_admin(user) -> bool:
    """The city's officer who administers the hub (programs, subsidy and deletion decisions),
    or a superuser."""
    return user.is_authenticated and (user.is_superuser or Role.HUB_ADMIN in roles(user))


def is_interpreter(user) -> bool:
    return user.is_authenticated and Role.INTERPRETER in roles(user)


def institution_ids(user) -> set[int]:
    """The institutions (hospitals, clinics) whose international office the user works in."""
    return organization_ids(user, Role.PROVIDER_STAFF)


def agency_ids(user) -> set[int]:
    """The registered facilitators (agencies) the user works for."""
    return organization_ids(user, Role.FACILITATOR_STAFF)


def partner_ids(user) -> set[int]:
    """The hotels and transport companies the user works for."""
    return organization_ids(user, Role.PARTNER_STAFF)


# -- what a user may do -----------------------------------------------------------------------


def may_manage_photos(user, organization_id: int | None) -> bool:
    """Photos of an institution, its offerings and its doctors: the hub's staff for any, the
    institution's own staff for theirs."""
    return is_hub_staff(user) or (organization_id is not None and organization_id in institution_ids(user))


def may_run_cases(user) -> bool:
    """The case board, triage, sharing, travel and interpreter bookings of any case."""
    return is_hub_staff(user)


def may_assign_cases(user) -> bool:
    """Giving a case an owner, or another one: the hub's staff, nobody else."""
    return is_hub_staff(user)


def may_own_cases(user) -> bool:
    """Who can be a case's owner: a hub staff member (a coordinator or an administrator)."""
    return is_hub_staff(user)


def may_follow_cases(user) -> bool:
    """Following a case on the board: the hub's staff."""
    return is_hub_staff(user)


def may_decide_subsidies(user) -> bool:
    """Subsidy programs, claims and their reports: administrators, not coordinators."""
    return is_hub_admin(user)


def may_decide_deletions(user) -> bool:
    return is_hub_admin(user)


def may_publish_slots(user) -> bool:
    return bool(institution_ids(user))


def may_write_consult_note(user, institution_id: int) -> bool:
    """A consult note after an appointment: the staff of the institution that gave it, nobody else."""
    return institution_id in institution_ids(user)


def may_answer_bookings(user) -> bool:
    """A hotel's or transport company's staff answer the stays and pickups asked of them."""
    return bool(partner_ids(user))


def is_case_patient(user, case) -> bool:
    return user.is_authenticated and case.patient_id == user.pk


def may_end_case(user, case, to_state: str) -> bool:
    """Declining, cancelling or closing a case as lost: the hub's staff; its patient may cancel
    their own case (not decline it nor close it as lost)."""
    return is_hub_staff(user) or (to_state == "cancelled" and is_case_patient(user, case))


def may_follow_trip(user, case) -> bool:
    """The itinerary, its PDF and calendar, the schedule of a case: its patient and the hub."""
    return is_case_patient(user, case) or is_hub_staff(user)


def is_referring_agency(user, case) -> bool:
    return bool(case.referred_by_id) and case.referred_by_id in agency_ids(user)


# -- the registry (issue 11) ------------------------------------------------------------------


def may_see_registry(user) -> bool:
    """The hub's copy of the national registry and its prospects to invite: the hub's staff."""
    return is_hub_staff(user)


def may_import_registry(user) -> bool:
    """Uploading a registry file and applying it: the hub's administrators."""
    return is_hub_admin(user)


# -- verification (issue 11) ------------------------------------------------------------------


def verification_organization_ids(user) -> set[int]:
    """The organizations whose registration and certificates the user looks after: those they work
    for as an institution's, an agency's or a partner service's staff."""
    return institution_ids(user) | agency_ids(user) | partner_ids(user)


def may_renew(user, organization_id: int | None) -> bool:
    """Seeing what of an organization expires and sending its renewed certificates: its own staff."""
    return organization_id is not None and organization_id in verification_organization_ids(user)


def may_confirm_renewals(user) -> bool:
    """The queue of renewed certificates and the decision on each: the hub administrator (not coordinators)."""
    return is_hub_admin(user)


def may_open_renewal(user, organization_id: int) -> bool:
    """A renewal's certificate file: the organization's staff and the hub administrator."""
    return may_renew(user, organization_id) or may_confirm_renewals(user)


# -- partner applications (issue 11) ----------------------------------------------------------


def may_review_applications(user) -> bool:
    """Partner applications: the hub's coordinators and administrators read them, open their
    documents, score them and ask the applicant for more information (a superuser too)."""
    return is_hub_staff(user) or is_hub_admin(user)


def may_decide_applications(user) -> bool:
    """Approving or rejecting a partner application (and publishing the organization it created):
    the hub's administrator only."""
    return is_hub_admin(user)


def may_manage_criteria(user) -> bool:
    """The criteria reviewers score applications on: the hub's administrator."""
    return is_hub_admin(user)


# -- complaints (issue 11) --------------------------------------------------------------------


def may_handle_complaints(user) -> bool:
    """The complaints list, acknowledging, forwarding, outcomes and referrals to K-medi: the
    hub's staff."""
    return is_hub_staff(user)


def complaint_organization_ids(user) -> set[int]:
    """The organizations (institution, agency, partner service) whose complaints the user's
    workspace shows: those they work for."""
    return institution_ids(user) | agency_ids(user) | partner_ids(user)


def may_answer_complaint(user, complaint) -> bool:
    """The staff of the organization a complaint is about, once the hub forwarded it to them."""
    return (
        user.is_authenticated
        and complaint.organization_id is not None
        and complaint.forwarded_at is not None
        and complaint.organization_id in complaint_organization_ids(user)
    )


def is_complainant(user, complaint) -> bool:
    """The signed-in person who filed the complaint (follows it, writes to the hub, withdraws it)."""
    return user.is_authenticated and complaint.complainant_id == user.pk


# -- feedback (issue 11) ----------------------------------------------------------------------


def may_give_feedback(user, case) -> bool:
    """Feedback on a case: its patient only (feedback.rules says when: once, after treatment)."""
    return is_case_patient(user, case)


def may_read_all_feedback(user) -> bool:
    """Every feedback of every institution, hidden ones too, whatever the hub publishes: the hub's staff."""
    return is_hub_staff(user)


def feedback_institution_ids(user) -> set[int]:
    """The institutions whose feedback (all of it, hidden included) the user's workspace shows."""
    return institution_ids(user)


def may_read_feedback(user, feedback) -> bool:
    """One feedback in full: the hub's staff, the patient who gave it, the institution it is about."""
    return (
        may_read_all_feedback(user)
        or (user.is_authenticated and feedback.patient_id == user.pk)
        or feedback.institution_id in feedback_institution_ids(user)
    )


def may_answer_feedback(user, feedback) -> bool:
    """The answer to a feedback: the staff of the institution it is about (once; see feedback.services)."""
    return user.is_authenticated and feedback.institution_id in feedback_institution_ids(user)


def may_moderate_feedback(user) -> bool:
    """Hiding and restoring feedback (with a reason from the fixed list): the hub administrator."""
    return is_hub_admin(user)


# -- the council (issue 12) -------------------------------------------------------------------
# ``member`` is the user's council membership (council.selectors.member_of), or None; it is read
# through its attributes only (``in_term()``, ``chaired_committee_ids``), so nothing here imports
# the council.


def may_run_council(user) -> bool:
    """Divisions, committees, members, scheduling meetings, invitations, announcements, taking up
    complaints for mediation: the hub's administrator."""
    return is_hub_admin(user)


def may_assist_council(user) -> bool:
    """Helping the administrator: attendance, minutes, decisions and votes, action items and
    documents of any meeting, and every page of the council: the hub's coordinators too."""
    return is_hub_staff(user)


def is_council_member(user, member) -> bool:
    """A person with a council seat whose term runs today."""
    return user.is_authenticated and member is not None and member.person_id == user.pk and member.in_term()


def may_see_council_directory(user, member) -> bool:
    """The member directory (with the contacts each member agreed to share): members and hub staff."""
    return may_assist_council(user) or is_council_member(user, member)


def may_see_meeting(user, member, *, invited: bool) -> bool:
    """A meeting, its agenda, documents, minutes and decisions: hub staff, and the members invited to it."""
    return may_assist_council(user) or (member is not None and member.person_id == user.pk and invited)


def may_record_minutes(user, member, meeting) -> bool:
    """Attendance, minutes, decisions and action items of a meeting: hub staff, and the chair of the
    committee the meeting belongs to."""
    if may_assist_council(user):
        return True
    return (
        member is not None
        and member.person_id == user.pk
        and meeting.committee_id is not None
        and meeting.committee_id in getattr(member, "chaired_committee_ids", set())
    )


def may_move_action(user, member, action) -> bool:
    """Marking an action item done (or reopening it): its owner and hub staff."""
    return may_assist_council(user) or (member is not None and member.person_id == user.pk and action.owner_id == member.pk)


# -- evaluation and awards (issue 12) ---------------------------------------------------------
# The Partners Day page (published rounds and their awards) is public and asks nothing here.


def may_run_evaluation(user) -> bool:
    """Opening the year's evaluation, weighing criteria, publishing it, giving awards: the hub's administrator."""
    return is_hub_admin(user)


def may_score_evaluation(user) -> bool:
    """Every figure with its source, the ranked tables of a round in any status, committee scores
    and recomputing: the hub's staff."""
    return is_hub_staff(user)


def award_organization_ids(user) -> set[int]:
    """The organizations whose awards the user may download the certificate of: those they work for."""
    return institution_ids(user) | agency_ids(user) | partner_ids(user)


def may_download_award_certificate(user, award, *, published: bool) -> bool:
    """An award's certificate: the hub's staff at any time, the winner's staff once the round is published."""
    return may_score_evaluation(user) or (user.is_authenticated and published and award.winner_id in award_organization_ids(user))


def require(allowed: bool) -> None:
    """Views and API views call ``require(may_…(user, …))``: a refusal is a 403 on every door."""
    if not allowed:
        raise PermissionDenied
