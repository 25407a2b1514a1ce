"""Registry pages: the hub's copy of the registry and its prospects (hub staff), and the
administrator's uploads: a preview, then the import applied in the background with its progress."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from medhub.accounts import permissions
from medhub.core.forms import form_errors
from medhub.core.views import private_download
from medhub.registry import selectors, services
from medhub.registry.forms import EntryFilterForm, ProspectFilterForm, UploadForm
from medhub.registry.parsing import error_message

PAGE_SIZE = 50


def _page(request, rows):
    number = request.GET.get("page", "1")
    return Paginator(rows, PAGE_SIZE).get_page(number if number.isdigit() else 1)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def entries(request):
    permissions.require(permissions.may_see_registry(request.user))
    form = EntryFilterForm(request.GET)
    error = "" if form.is_valid() else form_errors(form)
    data = form.cleaned_data if not error else {}
    rows = selectors.entries_filtered(
        request.user,
        q=data.get("q") or "",
        status=data.get("status") or "",
        kind=data.get("kind") or "",
        matched=data.get("matched") or "",
        organization=data.get("organization"),
    )
    context = {
        "form": form,
        "error": error,
        "page": _page(request, rows),
        "query_string": _query_without_page(request),
        "may_import": permissions.may_import_registry(request.user),
    }
    return render(request, "registry/entries.html", context, status=400 if error else 200)


PROSPECT_COLUMNS = ("상호명", "업종명", "대표자명", "시도", "시군구", "주소", "상세주소")


@login_required
@require_GET
def prospects(request):
    permissions.require(permissions.may_see_registry(request.user))
    form = ProspectFilterForm(request.GET, districts=selectors.prospect_districts(request.user))
    error = "" if form.is_valid() else form_errors(form)
    data = form.cleaned_data if not error else {}
    rows = selectors.prospects(
        request.user,
        kind=data.get("kind") or "",
        institution_class=data.get("institution_class") or "",
        district=data.get("district") or "",
    )
    if request.GET.get("format") == "csv" and not error:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(PROSPECT_COLUMNS)
        for e in rows.iterator(chunk_size=2000):
            writer.writerow([e.name, e.business_type, e.representative, e.province, e.district, e.address, e.address_detail])
        # With a BOM, so that Excel opens the Korean text as UTF-8.
        return private_download(
            ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8", filename="prospects.csv"
        )
    context = {
        "form": form,
        "error": error,
        "page": _page(request, rows),
        "query_string": _query_without_page(request),
        "region": selectors.hub_region(),
        "may_import": permissions.may_import_registry(request.user),
    }
    return render(request, "registry/prospects.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def imports(request):
    permissions.require(permissions.may_import_registry(request.user))
    error = ""
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = services.import_upload(upload=form.cleaned_data["file"], actor=request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                return redirect("registry-import", job_id=job.pk)
        else:
            error = form_errors(form)
    else:
        form = UploadForm()
    jobs = selectors.jobs_visible_to(request.user)[:50]
    context = {"form": form, "error": error, "jobs": jobs, "may_import": True}
    return render(request, "registry/imports.html", context, status=400 if error else 200)


def _job_context(request, job) -> dict:
    return {
        "may_import": True,
        "job": job,
        "errors": [{"row": e["row"], "reason": error_message(e["code"], e.get("value", ""))} for e in job.errors[:200]],
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request, job_id: int):
    permissions.require(permissions.may_import_registry(request.user))
    job = get_object_or_404(selectors.jobs_visible_to(request.user), pk=job_id)
    error = ""
    if request.method == "POST":
        try:
            services.import_apply(job=job, actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("registry-import", job_id=job.pk)
        job.refresh_from_db()
    return render(
        request, "registry/import_detail.html", {**_job_context(request, job), "error": error}, status=400 if error else 200
    )


@login_required
@require_GET
def import_progress(request, job_id: int):
    """The job's state and progress, for the page to poll (htmx swaps this fragment)."""
    permissions.require(permissions.may_import_registry(request.user))
    job = get_object_or_404(selectors.jobs_visible_to(request.user), pk=job_id)
    response = render(request, "registry/_progress.html", _job_context(request, job))
    if not job.is_running and request.headers.get("HX-Request"):
        # Finished: the whole page shows the outcome (counts, errors, what to do next).
        response["HX-Refresh"] = "true"
    return response
