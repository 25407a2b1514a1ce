"""The council: the hub's public-private network of partners (docs/council.md).

Divisions (medical, attraction, shopping, accommodation, dining, social contribution) and
committees (the executive, one per division, dispute mediation) are seeded by a migration and
kept by the administrator. Members are people (accounts) of partner organizations, in one
division, seated on committees with a role, for a term. Meetings invite members, collect their
replies, record attendance, minutes, decisions with each present member's vote, and action
items; training sessions issue attendance certificates. The mediation committee takes up
complaints and records a recommendation. Announcements go to all members, a division or a
committee, with read receipts.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from medhub.core.i18n import TranslatedField, pick
from medhub.core.models import PrivateFile


class Division(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = TranslatedField(verbose_name=_("name"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return pick(self.name) or self.code


class CommitteeKind(models.TextChoices):
    EXECUTIVE = "executive", _("Executive committee")
    DIVISION = "division", _("Division committee")
    MEDIATION = "mediation", _("Dispute mediation committee")


class Committee(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = TranslatedField(verbose_name=_("name"))
    kind = models.CharField(_("kind"), max_length=20, choices=CommitteeKind.choices)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, null=True, blank=True, related_name="committees"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return pick(self.name) or self.code


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")


class Member(models.Model):
    """One person on the council, for the organization they represent."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="council_member"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_members",
    )
    division = models.ForeignKey(Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("role in the division"), max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER)
    committees = models.ManyToManyField(Committee, through="Seat", related_name="members", blank=True)
    title = models.CharField(_("position"), max_length=120, blank=True, help_text=_("Their position in the organization."))
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    voting = models.BooleanField(_("votes"), default=True, help_text=_("Counts toward the quorum and votes on decisions."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    share_email = models.BooleanField(_("show my email to members"), default=False)
    share_phone = models.BooleanField(_("show my phone to members"), default=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["division__order", "person__last_name", "person__first_name", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.get_full_name() or self.person.username

    def in_term(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


class Seat(models.Model):
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="seats")
    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(_("role"), max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER)

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        constraints = [models.UniqueConstraint(fields=["member", "committee"], name="council_seat_once")]

    def __str__(self) -> str:
        return f"{self.member} · {self.committee}"


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    DIVISION = "division", _("Division meeting")
    COMMITTEE = "committee", _("Committee meeting")
    TRAINING = "training", _("Training session")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(pgettext_lazy("meeting", "title"), max_length=200)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        null=True,
        blank=True,
        help_text=_("Members who must be present. Empty: more than half of the invited voting members."),
    )
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("minutes by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes_at = models.DateTimeField(_("minutes recorded"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scheduled by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Answer(models.TextChoices):
    NONE = "", _("No reply yet")
    YES = "yes", _("Yes, I will come")
    NO = "no", _("No, I cannot come")
    MAYBE = "maybe", _("Maybe")


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="invitations")
    answer = models.CharField(_("reply"), max_length=10, choices=Answer.choices, blank=True, default="")
    answered_at = models.DateTimeField(_("replied"), null=True, blank=True)
    sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    present = models.BooleanField(_("present"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "member__person__last_name", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="council_invitation_once")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.member}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstained")


class Vote(models.Model):
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["decision", "member"], name="council_vote_once")]

    def __str__(self) -> str:
        return f"{self.member}: {self.choice}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="actions")
    owner = models.ForeignKey(Member, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    due_on = models.DateField(_("due"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    reminded_3_at = models.DateTimeField(_("reminded 3 days before"), null=True, blank=True)
    reminded_1_at = models.DateTimeField(_("reminded 1 day before"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


def document_path(instance: "MeetingDocument", filename: str) -> str:
    return f"council/{instance.meeting_id}/{timezone.now():%Y%m%d%H%M%S}-{instance.checksum[:12]}"


class MeetingDocument(PrivateFile):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["created_at", "id"]


class MediationStatus(models.TextChoices):
    TAKEN_UP = "taken_up", _("Taken up")
    RECOMMENDED = "recommended", _("Recommendation recorded")


class Mediation(models.Model):
    """A complaint the dispute-mediation committee took up, and what it recommends."""

    complaint = models.OneToOneField(
        "complaints.Complaint", verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="council_mediation"
    )
    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="mediations")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.SET_NULL, null=True, blank=True, related_name="mediations"
    )
    status = models.CharField(_("status"), max_length=20, choices=MediationStatus.choices, default=MediationStatus.TAKEN_UP)
    note = models.TextField(_("why the committee takes it up"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    recommended_at = models.DateTimeField(_("recommended"), null=True, blank=True)
    taken_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken up by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    taken_up_at = models.DateTimeField(_("taken up"), auto_now_add=True)

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["-taken_up_at", "-id"]

    def __str__(self) -> str:
        return str(self.complaint_id)


class Audience(models.TextChoices):
    ALL = "all", _("All members")
    DIVISION = "division", _("A division")
    COMMITTEE = "committee", _("A committee")


class Announcement(models.Model):
    audience = models.CharField(_("to"), max_length=20, choices=Audience.choices, default=Audience.ALL)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject = TranslatedField(verbose_name=_("subject"))
    body = TranslatedField(verbose_name=_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return pick(self.subject, "ko")


class Receipt(models.Model):
    announcement = models.ForeignKey(
        Announcement, verbose_name=_("announcement"), on_delete=models.CASCADE, related_name="receipts"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="receipts")
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        ordering = ["member__person__last_name", "id"]
        constraints = [models.UniqueConstraint(fields=["announcement", "member"], name="council_receipt_once")]

    def __str__(self) -> str:
        return f"{self.announcement_id} · {self.member_id}"


class Participant(models.Model):
    """Someone from a partner organization taking a training session without being on the council
    (the capacity-building courses are for the partners' staff)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("training session"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="council_trainings"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    present = models.BooleanField(_("present"), null=True, blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("training participant")
        verbose_name_plural = _("training participants")
        ordering = ["meeting", "person__last_name", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="council_participant_once")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.person}"

    @property
    def display_name(self) -> str:
        return self.person.get_full_name() or self.person.username
