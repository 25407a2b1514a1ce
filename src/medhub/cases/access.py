"""Who may open what of a case: the one place that pages, the API, downloads and emails ask.

The rule is the minimum-necessary rule of docs/personal-data.md (health data is sensitive data
under PIPA art. 23; records go to anyone but the patient only on a legal ground):

- the **patient** opens everything of their own case;
- the **hub's coordinators and administrators** run the case and open everything of it;
- an **institution** the case is shared with, while it is still in the case (see
  ``selectors.active_shares``), opens the health documents (to assess and treat) and reads and
  writes only its own conversation with the hub and the patient;
- the **referring facilitator** follows the state and the general conversation, and opens no
  health document nor attachment (except an attachment it sent itself);
- nobody else opens anything.

A case has conversations: the general one (key ``None``) and one per shared institution (key:
the institution's id).
"""

from __future__ import annotations

from dataclasses import dataclass

from medhub.accounts import permissions
from medhub.accounts.models import Role
from medhub.cases import selectors
from medhub.cases.models import Case

GENERAL = None

PATIENT = "patient"
HUB = "hub"
INSTITUTION = "institution"
FACILITATOR = "facilitator"


@dataclass(frozen=True)
class Rights:
    """What one user may do with one case."""

    user_id: int
    standing: str
    readable: frozenset  # conversation keys: None (general) and institution ids
    writable: frozenset
    documents: bool

    @property
    def is_patient(self) -> bool:
        return self.standing == PATIENT

    @property
    def logged(self) -> bool:
        """Openings by anyone but the patient themself are written to the access log."""
        return self.standing != PATIENT

    @property
    def sees_all_conversations(self) -> bool:
        return self.standing in (PATIENT, HUB)

    def can_read(self, conversation: int | None) -> bool:
        return conversation in self.readable

    def can_write(self, conversation: int | None) -> bool:
        return conversation in self.writable

    @property
    def default_conversation(self) -> int | None:
        """Where a message goes when its author names no conversation: an institution's own,
        everyone else's the general one."""
        if self.standing == INSTITUTION:
            return min(self.writable)
        return GENERAL

    def can_open_attachment(self, attachment) -> bool:
        message = attachment.message
        if not self.can_read(message.institution_id):
            return False
        if self.standing == FACILITATOR:
            return message.author_id == self.user_id
        return True


def rights_for(user, case: Case) -> Rights | None:
    """The user's rights on the case, or None when they may not open it at all."""
    if not user.is_authenticated:
        return None
    if permissions.is_hub_staff(user) or case.patient_id == user.pk:
        every = set(case.shares.values_list("institution_id", flat=True))
        still_in = selectors.institutions_in_case(case)
        return Rights(
            user_id=user.pk,
            standing=HUB if permissions.is_hub_staff(user) else PATIENT,
            readable=frozenset({GENERAL, *every}),
            writable=frozenset({GENERAL, *still_in}),
            documents=True,
        )
    institutions = permissions.institution_ids(user)
    if institutions:
        mine = selectors.institutions_in_case(case, institutions)
        if mine:
            mine = frozenset(mine)
            return Rights(user_id=user.pk, standing=INSTITUTION, readable=mine, writable=mine, documents=True)
    if case.referred_by_id and case.referred_by_id in permissions.agency_ids(user):
        return Rights(
            user_id=user.pk, standing=FACILITATOR, readable=frozenset({GENERAL}), writable=frozenset({GENERAL}), documents=False
        )
    return None


PAGES = {PATIENT: "case", HUB: "work-case", INSTITUTION: "inbox-case", FACILITATOR: "referral"}


def case_page(user, case: Case) -> str | None:
    """The one answer to "which page does this user act on for this case": the page of their
    standing in it (pages, redirects and every email link ask here), or None when they may not
    open the case at all. Reversed in the active language."""
    rights = rights_for(user, case)
    return None if rights is None else page_of(rights, case)


def page_of(rights: Rights, case: Case) -> str:
    """``case_page`` for a caller that already holds the user's rights on the case."""
    from django.urls import reverse

    return reverse(PAGES[rights.standing], kwargs={"reference": case.reference})


def opening_is_logged(user, case: Case) -> bool:
    """Whether an opening of the case by ``user`` (already allowed to open it) is logged: by
    anyone but the case's patient, as ``Rights.logged`` says, without reading the case's shares."""
    return case.patient_id != user.pk or permissions.is_hub_staff(user)


def conversation_readers(case: Case, conversation: int | None) -> set[int]:
    """The users who read a conversation, and so are told of a new message in it: the patient
    and the coordinator who owns the case always; in the general conversation the referring
    facilitator's staff; in an institution's, that institution's staff while it is in the case."""
    from medhub.accounts.models import Membership

    ids = {pk for pk in (case.patient_id, case.owner_id) if pk}
    if conversation is GENERAL:
        if case.referred_by_id:
            ids |= set(
                Membership.objects.filter(role=Role.FACILITATOR_STAFF, organization_id=case.referred_by_id).values_list(
                    "user_id", flat=True
                )
            )
    elif conversation in selectors.institutions_in_case(case, [conversation]):
        ids |= set(
            Membership.objects.filter(role=Role.PROVIDER_STAFF, organization_id=conversation).values_list("user_id", flat=True)
        )
    return ids


def label_authors(case: Case, rights: Rights, messages) -> None:
    """Sets ``author_label`` on each message: who wrote it, as the reader may know it.

    Hub staff see the author's address (they run the case). Everyone else sees a role: the
    patient's own address never reaches an institution or an agency — in the thread, the page or
    the API — and the hub's staff appear as the hub. One query for all the authors' roles."""
    from django.utils.translation import gettext as _

    from medhub.accounts.models import Membership
    from medhub.core.i18n import pick

    messages = list(messages)
    author_ids = {m.author_id for m in messages if m.author_id}
    roles_of: dict[int, set[str]] = {}
    for user_id, role in Membership.objects.filter(user_id__in=author_ids).values_list("user_id", "role"):
        roles_of.setdefault(user_id, set()).add(role)
    hub_roles = {Role.COORDINATOR, Role.HUB_ADMIN}
    for message in messages:
        author_id = message.author_id
        roles = roles_of.get(author_id, set())
        if author_id is None:
            label = "—"
        elif author_id == rights.user_id:
            label = _("You")
        elif rights.standing == HUB:
            label = message.author.email
        elif author_id == case.patient_id:
            label = _("The patient")
        elif roles & hub_roles:
            label = _("The hub")
        elif Role.PROVIDER_STAFF in roles and message.institution is not None:
            label = pick(message.institution.name)
        elif Role.FACILITATOR_STAFF in roles:
            label = _("The referring agency")
        else:
            label = "—"
        message.author_label = label
