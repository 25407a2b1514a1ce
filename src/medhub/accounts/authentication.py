"""How API requests prove who they are: the session (pages' own calls) or a hashed API token.

A staff member's session counts only once it passed TOTP in that session (the middleware turns a
password-only staff session away before it reaches a view); a token is issued from such a
session, to a staff member who has TOTP, and is checked against its stored digest."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication, exceptions, permissions

from medhub.accounts import services
from medhub.accounts.mfa import passed_mfa
from medhub.accounts.selectors import has_totp, is_staff_member


class HashedTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <value>`` (or ``Bearer <value>``)."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            raw = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from exc
        token = services.token_user(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


class StaffHaveMFA(permissions.BasePermission):
    """Signed in; staff only through a session that passed TOTP, or a token of a staff member with TOTP."""

    message = _("Sign in with two-factor authentication (TOTP) before using this API.")

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if not is_staff_member(user):
            return True
        if request.auth is not None:  # a token
            return has_totp(user)
        return passed_mfa(request._request, user)


class HashedTokenScheme(OpenApiAuthenticationExtension):
    """Tells the schema how API tokens travel (``Authorization: Token <value>``), under the same
    name the schema always used for them."""

    target_class = "medhub.accounts.authentication.HashedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")  # noqa: S106 - a keyword, not a secret
