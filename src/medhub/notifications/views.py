"""Pages: the person's notifications (newest first, mark read) and their choice of channels.
Every query starts from the signed-in user: nobody reaches another's notifications."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medhub.notifications import channels, selectors, services
from medhub.notifications.forms import PreferenceForm
from medhub.notifications.models import Preference

PAGE_SIZE = 50


@login_required
def notification_list(request):
    items = list(selectors.notifications_of(request.user)[:PAGE_SIZE])
    return render(request, "notifications/list.html", {"items": items, "unread": selectors.unread_count(request.user)})


@login_required
@require_POST
def notification_read(request, notification_id: int):
    """Marks one read; with ``open`` set, goes on to the page it links to."""
    if not services.mark_read(user=request.user, notification_id=notification_id):
        return redirect("notifications")
    if request.POST.get("open"):
        link = selectors.notifications_of(request.user).get(pk=notification_id).link
        if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
            return redirect(link)
    return redirect("notifications")


@login_required
@require_POST
def notification_read_all(request):
    services.mark_all_read(user=request.user)
    return redirect("notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    preference = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification-settings")
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "messengers": [c for c in channels.available() if c != "email"],
            "connect": channels.connectable(),
            "link_minutes": settings.MEDHUB_MESSENGER_LINK_MINUTES,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def messenger_connect(request, channel: str):
    """A one-time code to link a messenger: for Telegram, straight on to the bot with the code in
    its start link (the bot's webhook links the chat); for LINE, back to the settings page with
    the code to send to the hub's LINE account."""
    if channel not in channels.connectable():
        raise Http404
    code = services.link_code_create(user=request.user, channel=channel)
    if channel == "telegram":
        return redirect(f"https://t.me/{settings.MEDHUB_TELEGRAM_BOT_USERNAME.lstrip('@')}?start={code}")
    messages.info(
        request,
        _("Send this code as a message to the hub's LINE account within %(minutes)d minutes: %(code)s")
        % {"minutes": settings.MEDHUB_MESSENGER_LINK_MINUTES, "code": f"{code[:4]}-{code[4:]}"},
    )
    return redirect("notification-settings")
