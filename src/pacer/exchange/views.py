"""The data pages: import (upload → preview → confirm), export and the empty template.

Only administrators and directors may use them; anyone else gets 403. An upload is checked in
full (a dry run) before anything is shown; confirming checks it again and writes it in one
transaction.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pacer import access
from pacer.access import Actor
from pacer.exchange.export import export_bytes
from pacer.exchange.forms import ConfirmForm, UploadForm
from pacer.exchange.loader import ImportResult, data_import
from pacer.exchange.uploads import Staged, discard, stage

SESSION_KEY = "exchange_import"
PROBLEMS_SHOWN = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _data_manager(request: HttpRequest) -> Actor:
    actor = access.actor_for(request.user)
    if not access.may_manage_data(actor):
        raise PermissionDenied
    return actor


def _run(staged: Staged, actor: Actor, *, dry_run: bool) -> ImportResult:
    return data_import(
        path=staged.data_path,
        mapping=staged.mapping_path,
        dry_run=dry_run,
        actor=actor,
        source_name=staged.data_name,
        mapping_name=staged.mapping_name,
    )


def _page(
    request: HttpRequest,
    *,
    form: UploadForm,
    result: ImportResult | None = None,
    token: str | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "result": result,
        "problems": result.problems[:PROBLEMS_SHOWN] if result else (),
        "problems_hidden": max(0, len(result.problems) - PROBLEMS_SHOWN) if result else 0,
        "confirm": ConfirmForm(initial={"token": token}) if token else None,
        "error": error,
    }
    return render(request, "exchange/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    actor = _data_manager(request)
    if request.method != "POST":
        return _page(request, form=UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    discard(Staged.from_session(request.session.pop(SESSION_KEY, None)))
    staged = stage(form.cleaned_data["file"], form.cleaned_data.get("mapping"))
    result = _run(staged, actor, dry_run=True)
    if not result.ok:
        discard(staged)
        return _page(request, form=UploadForm(), result=result)
    request.session[SESSION_KEY] = staged.as_session()
    return _page(request, form=UploadForm(), result=result, token=staged.token)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    actor = _data_manager(request)
    form = ConfirmForm(request.POST)
    staged = Staged.from_session(request.session.pop(SESSION_KEY, None))
    if (
        not form.is_valid()
        or staged is None
        or not secrets.compare_digest(form.cleaned_data["token"], staged.token)
    ):
        discard(staged)
        error = gettext("这次上传已失效或已导入，请重新上传文件。")
        return _page(request, form=UploadForm(), error=error, status=400)
    result = _run(staged, actor, dry_run=False)
    discard(staged)
    return _page(request, form=UploadForm(), result=result)


def _workbook(request: HttpRequest, *, template: bool) -> HttpResponse:
    actor = _data_manager(request)
    wanted = request.GET.get("lang") or translation.get_language() or "zh"
    lang = "en" if wanted.startswith("en") else "zh"
    content = export_bytes(actor=actor, lang=lang, template=template)
    stem = "pacer-template" if template else f"pacer-data-{timezone.localdate():%Y%m%d}"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{stem}.xlsx"
    )
    return response


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    return _workbook(request, template=False)


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    return _workbook(request, template=True)
