"""Whether the header shows "My council" to a signed-in person, without a query on every page.

The answer is kept in the cache under the person's id: written when they sign in and whenever the
administrator adds, changes or ends their membership. A cache miss shows no link (the page itself
is always reachable from the invitation and notification links), so the header never costs a
database query."""

from django.core.cache import cache

TIMEOUT = 60 * 60 * 24 * 30


def _key(user_id: int) -> str:
    return f"council:member:{user_id}"


def remember(user_id: int) -> bool:
    from medhub.council.models import Member

    is_member = Member.objects.filter(person_id=user_id).exists()
    cache.set(_key(user_id), is_member, TIMEOUT)
    return is_member


def remember_on_login(sender, request, user, **kwargs):
    remember(user.pk)


def shows_link(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(cache.get(_key(user.pk)))
