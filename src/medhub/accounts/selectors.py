"""Who a user is in medhub: roles, organizations, and whether staff have set up MFA."""

from allauth.mfa.models import Authenticator

from medhub.accounts.models import Membership, Role

STAFF_ROLES = {
    Role.COORDINATOR,
    Role.PROVIDER_STAFF,
    Role.FACILITATOR_STAFF,
    Role.PARTNER_STAFF,
    Role.INTERPRETER,
    Role.HUB_ADMIN,
}


def memberships(user) -> list[Membership]:
    """The user's memberships, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_medhub_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organization"))
        user._medhub_memberships = cached
    return cached


def roles(user) -> set[str]:
    return {m.role for m in memberships(user)}


def organization_ids(user, role: str) -> set[int]:
    return {m.organization_id for m in memberships(user) if m.role == role and m.organization_id}


def is_staff_member(user) -> bool:
    """Anyone who works in medhub on other people's cases (everyone but patients)."""
    return user.is_authenticated and (user.is_staff or bool(roles(user) & STAFF_ROLES))


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
