from medhub.accounts.selectors import is_staff_member


def staff(request):
    """The header links staff to their workspace and patients to their cases."""
    user = getattr(request, "user", None)
    return {"is_staff_member": bool(user is not None and is_staff_member(user))}
