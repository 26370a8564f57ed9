"""Importing signatures collected before this site: the upload form and each import's results.

Who may import is the "add signature import" permission (superusers have it; give
it to a group in Settings → Groups): importing adds signatures that count, which the
signatures list itself never offers. The work is petitions/imports.py's: the upload
page checks the columns and stages the rows, a task imports them, and the results
page shows how far it has gone, then what was imported, skipped as duplicates and
skipped for an error, by line number.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import AdminPermissionPolicy, ReportView

from ..imports import COLUMNS, ImportFileError, signature_import_start
from ..models import PetitionPage, SignatureImport
from .links import PETITIONS_URL_NAMESPACE, report_url, signatures_list_url

#: Import batches are written by the import only; nobody edits or deletes one.
IMPORT_REFUSED_ACTIONS = frozenset({"change", "delete"})


def import_permission_policy() -> AdminPermissionPolicy:
    return AdminPermissionPolicy(SignatureImport, refused=IMPORT_REFUSED_ACTIONS)


def import_url(petition_id: int) -> str:
    return reverse(f"{PETITIONS_URL_NAMESPACE}:import", args=[petition_id])


def import_result_url(batch_id: int) -> str:
    return reverse(f"{PETITIONS_URL_NAMESPACE}:import_result", args=[batch_id])


class SignatureImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=format_lazy(
            _(
                "Columns: {columns}, in any order, named on the first line. Dates as "
                "2019-05-31 or 31/05/2019; consent yes or no (agreed to campaign updates)."
            ),
            columns=", ".join(COLUMNS),
        ),
        error_messages={
            "required": _("Choose the CSV file to import."),
            "empty": _("The file is empty."),
        },
    )
    source = forms.CharField(
        label=_("Where these signatures were collected"),
        max_length=200,
        help_text=_("Kept with each imported signature and shown in personal-data exports."),
        error_messages={"required": _("Say where these signatures were collected.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.PETITION_IMPORT_MAX_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                gettext(
                    "The file is %(size)s; the most one upload takes is %(limit)s. Split it "
                    "into smaller files: rows already imported are skipped as duplicates."
                )
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


class SignatureImportsMixin:
    model = SignatureImport
    any_permission_required = ["add"]
    header_icon = "upload"
    parent_crumb = (f"{PETITIONS_URL_NAMESPACE}:index", "Petitions")


class SignatureImportView(SignatureImportsMixin, ReportView):
    """Upload a CSV of a petition's past signatures; lists the petition's earlier imports."""

    template_name = "petitions/admin/signature_import.html"
    http_method_names = ["get", "post"]

    @cached_property
    def petition(self) -> PetitionPage:
        return get_object_or_404(PetitionPage, pk=self.kwargs["petition_id"])

    def get_page_title(self):
        return gettext("Import signatures: %(title)s") % {"title": self.petition.title}

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        petition = self.petition
        context.update(
            {
                "petition": petition,
                "form": form
                or SignatureImportForm(initial={"source": petition.earlier_signatures_note}),
                "columns": COLUMNS,
                "batches": [
                    (batch, import_result_url(batch.pk))
                    for batch in SignatureImport.objects.filter(petition=petition)
                ],
                "report_url": report_url(petition.pk),
                "max_mb": settings.PETITION_IMPORT_MAX_MB,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = SignatureImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = signature_import_start(
                    petition=self.petition,
                    source=form.cleaned_data["source"],
                    upload=upload.file,
                    file_name=upload.name,
                    actor=request.user,
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(rows)s row uploaded from %(file)s: importing it now.",
                        "%(rows)s rows uploaded from %(file)s: importing them now.",
                        batch.rows,
                    )
                    % {"rows": batch.rows, "file": upload.name},
                )
                return redirect(import_result_url(batch.pk))
        return self.render_to_response(self.get_context_data(form=form))


class SignatureImportResultView(SignatureImportsMixin, ReportView):
    """One import: how far it has got, then what was imported and what was skipped, by line."""

    template_name = "petitions/admin/signature_import_result.html"
    any_permission_required = ["add", "view"]

    @cached_property
    def batch(self) -> SignatureImport:
        return get_object_or_404(
            SignatureImport.objects.select_related("petition"), pk=self.kwargs["pk"]
        )

    def get_page_title(self):
        return gettext("Import: %(source)s") % {"source": self.batch.source}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.batch
        context.update(
            {
                "batch": batch,
                "petition": batch.petition,
                "import_url": import_url(batch.petition_id),
                "report_url": report_url(batch.petition_id),
                "signatures_url": signatures_list_url(
                    petition=batch.petition_id, imported_from=batch.pk
                ),
                "percent": batch.done_rows * 100 // batch.rows if batch.rows else 100,
            }
        )
        return context
