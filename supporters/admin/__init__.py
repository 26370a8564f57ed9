"""The moderators' side of the supporters list in the Wagtail admin.

Every change of status goes through supporters.services, which writes the
listing's history row and sends the emails after commit. The admin's own edit
form only fixes the listing's details: it never touches status, approval date or
pending changes.

The modules, by concern:
- `moderation`: which decision fits which listing, and the approve and reject links;
- `listing`: the organisations list (search, columns, export);
- `filters`: the list's filters;
- `editing`: the add and edit views, which never change a status;
- `side_panels`: Wagtail's status side panel, without its "Live" line;
- `moderation_panel`: status, decisions, pending changes and history on the edit page;
- `forms` and `bulk_actions`: approve and reject in bulk, through supporters.services;
- `dashboard`: the "needs review" count on the admin home page.
"""
