"""The editors' side of petitions in the Wagtail admin: petitions, signatures, reports, export.

Editors watch signatures; they never type or edit one. Every change of state goes
through petitions.services (`signatures_invalidate`, `signatures_clear_flag`), which
records who decided and when and refreshes the public count after commit.

Permissions are the standard model ones: "view signature" reads the lists, the
reports and the export; "change signature" also invalidates and accepts in
bulk. Nobody adds or deletes a signature here: they arrive through the signing
form and leave through expiry or a personal-data erasure, both of which keep the
count right.

The modules, by concern:
- `permissions`: who may read and who may decide (the signature permission policy);
- `links`: the addresses the views link to one another with;
- `filters`: the query string that selects signatures, shared by list, bulk actions and export;
- `display`: how a signature shows (erased ones show no name or email);
- `signatures`: the signatures list, inspect view and the edit redirect;
- `bulk_actions`: invalidate and accept in bulk, through petitions.services;
- `reports`: the petitions overview and one petition's report;
- `exports`: a petition's signatures as CSV (streamed) or XLSX, through core.spreadsheets;
- `charts`: the signatures-per-day figures and the report's inline chart;
- `dashboard`: the signatures panel on the admin home page.
"""
