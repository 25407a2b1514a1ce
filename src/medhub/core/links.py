"""One-time links: a signed token that works once.

``use_once(token, purpose)`` records the token's digest; the first call wins and every later
call (a reload, a second tab, someone who read the link in a log) is refused. The digest, not
the token, is stored."""

import hashlib

from django.db import IntegrityError, transaction

from medhub.core.models import UsedToken


def use_once(token: str, *, purpose: str) -> bool:
    digest = hashlib.sha256(f"{purpose}\0{token}".encode()).hexdigest()
    try:
        with transaction.atomic():
            UsedToken.objects.create(digest=digest, purpose=purpose[:40])
    except IntegrityError:
        return False
    return True
