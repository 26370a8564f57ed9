"""Registry records, the sponsors behind them, and how each trial is classified.

A `RegistryImport` is one run of reading records (from the ClinicalTrials.gov API or
from a file somebody downloaded). Each study becomes one `Trial`, keyed by its NCT
number, holding the raw record exactly as received plus the few fields the pages
show. Rules (`trials.rules`) turn a trial's facts into one `Classification` per rule
set. The registry names a lead sponsor in free text; a `SponsorMapping` ties each
distinct name to a canonical `Sponsor`, and only mappings an editor has reviewed
count in public (`Trial.sponsor` is set from reviewed mappings alone). After every
import a `SponsorSnapshot` per sponsor and rule set records the counts of that day,
and `SponsorRecord` holds the latest one, which the league table reads.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SponsorClass(models.TextChoices):
    """`sponsorCollaboratorsModule.leadSponsor.class` (API v2 AgencyClass)."""

    INDUSTRY = "INDUSTRY", _("Industry")
    NIH = "NIH", _("US National Institutes of Health")
    FED = "FED", _("US federal agency")
    OTHER_GOV = "OTHER_GOV", _("Other government")
    NETWORK = "NETWORK", _("Network")
    INDIV = "INDIV", _("Individual")
    AMBIG = "AMBIG", _("Ambiguous")
    OTHER = "OTHER", _("Other (universities, hospitals, charities)")
    UNKNOWN = "UNKNOWN", _("Unknown")


class ReportingStatus(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    NOT_YET_DUE = "not_yet_due", _("Not yet due")
    REPORTED_ON_TIME = "reported_on_time", _("Reported on time")
    REPORTED_LATE = "reported_late", _("Reported late")
    OVERDUE = "overdue", _("Appears overdue")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    INCONSISTENT = "inconsistent", _("Inconsistent data")


# Statuses that count as due (the deadline has passed, or results came anyway).
DUE_STATUSES = (
    ReportingStatus.REPORTED_ON_TIME,
    ReportingStatus.REPORTED_LATE,
    ReportingStatus.OVERDUE,
)
REPORTED_STATUSES = (ReportingStatus.REPORTED_ON_TIME, ReportingStatus.REPORTED_LATE)


def registry_url(nct_id: str) -> str:
    """The study's own page on ClinicalTrials.gov."""
    return f"https://clinicaltrials.gov/study/{nct_id}"


class RegistryImport(models.Model):
    class Source(models.TextChoices):
        API = "api", _("ClinicalTrials.gov API")
        FILE = "file", _("File")
        SAMPLE = "sample", _("Sample data")

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    source = models.CharField(max_length=10, choices=Source.choices)
    # The file name, or the API query (sponsor, date range) that was read.
    label = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # `/api/v2/version` dataTimestamp: when the registry's data was last refreshed.
    data_timestamp = models.DateTimeField(null=True, blank=True)
    api_version = models.CharField(max_length=40, blank=True)
    studies_read = models.PositiveIntegerField(default=0)
    studies_created = models.PositiveIntegerField(default=0)
    studies_updated = models.PositiveIntegerField(default=0)
    studies_unchanged = models.PositiveIntegerField(default=0)
    studies_rejected = models.PositiveIntegerField(default=0)
    # What was odd in the records, counted: {"missing module: statusModule": 3,
    # "unknown overallStatus: PAUSED": 1, ...}. Never fatal.
    problems = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.label} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def is_sample(self) -> bool:
        return self.source == self.Source.SAMPLE


class Sponsor(models.Model):
    """A canonical trial sponsor, as the public pages name it.

    Several registry spellings ("Univ. of Oxford", "University of Oxford") map to
    one sponsor through reviewed `SponsorMapping` rows. A sponsor may be linked to
    a supporting organisation, whose listing then shows its reporting record.
    """

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=320, unique=True)
    sponsor_class = models.CharField(
        max_length=12, choices=SponsorClass.choices, default=SponsorClass.UNKNOWN
    )
    organisation = models.ForeignKey(
        "supporters.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trial_sponsors",
        help_text="The supporting organisation this sponsor is, if any.",
    )
    # Invented for the demo: every page showing it says it is sample data.
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SponsorMapping(models.Model):
    """One distinct lead-sponsor name as the registry spells it, and the sponsor it is.

    New names arrive unreviewed, with a suggestion (a sponsor whose normalised name
    matches). Only a reviewed mapping sets `Trial.sponsor`, so nothing an editor has
    not looked at is attributed to anyone in public.
    """

    class Review(models.TextChoices):
        UNREVIEWED = "unreviewed", _("Waiting for review")
        CONFIRMED = "confirmed", _("Confirmed")
        EXCLUDED = "excluded", _("Excluded")  # not a sponsor the tracker names

    raw_name = models.CharField(max_length=500, unique=True)
    normalised_name = models.CharField(max_length=500, db_index=True)
    sponsor_class = models.CharField(max_length=12, blank=True)
    sponsor = models.ForeignKey(
        Sponsor, null=True, blank=True, on_delete=models.SET_NULL, related_name="mappings"
    )
    suggested_sponsor = models.ForeignKey(
        Sponsor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review = models.CharField(max_length=12, choices=Review.choices, default=Review.UNREVIEWED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    trial_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["raw_name"]
        indexes = [models.Index(fields=["review", "-trial_count"], name="trials_mapping_queue")]

    def __str__(self) -> str:
        return self.raw_name

    @property
    def is_public(self) -> bool:
        return self.review == self.Review.CONFIRMED and self.sponsor_id is not None


class Trial(models.Model):
    """One registered study, keyed by NCT number, with its raw registry record."""

    nct_id = models.CharField("NCT number", max_length=11, unique=True)
    raw = models.JSONField()
    # sha256 of the raw record as stored: an unchanged study is not rewritten.
    raw_sha256 = models.CharField(max_length=64)
    brief_title = models.TextField(blank=True)
    lead_sponsor_name = models.CharField(max_length=500, db_index=True, blank=True)
    lead_sponsor_class = models.CharField(max_length=12, blank=True)
    # Set only from a confirmed SponsorMapping of lead_sponsor_name.
    sponsor = models.ForeignKey(
        Sponsor, null=True, blank=True, on_delete=models.SET_NULL, related_name="trials"
    )
    overall_status = models.CharField(max_length=40, blank=True)
    study_type = models.CharField(max_length=40, blank=True)
    phases = models.CharField(max_length=100, blank=True)  # "PHASE2,PHASE3"
    start_date = models.DateField(null=True, blank=True)
    primary_completion_date = models.DateField(null=True, blank=True)
    primary_completion_type = models.CharField(max_length=10, blank=True)
    completion_date = models.DateField(null=True, blank=True)
    results_first_submit_date = models.DateField(null=True, blank=True)
    results_first_post_date = models.DateField(null=True, blank=True)
    has_results = models.BooleanField(default=False)
    is_sample = models.BooleanField(default=False)
    first_import = models.ForeignKey(
        RegistryImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_import = models.ForeignKey(
        RegistryImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nct_id"]

    def __str__(self) -> str:
        return self.nct_id

    @property
    def registry_url(self) -> str:
        return registry_url(self.nct_id)


class Classification(models.Model):
    """What one rule set says of one trial, as of `judged_on`."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="classifications")
    rule_set = models.CharField(max_length=40)  # trials.rules key, e.g. "who-12m-v1"
    status = models.CharField(max_length=20, choices=ReportingStatus.choices)
    due_on = models.DateField(null=True, blank=True)
    reported_on = models.DateField(null=True, blank=True)
    days_late = models.IntegerField(null=True, blank=True)
    # A short code the trial page explains in plain words (trials.rules reasons).
    reason = models.CharField(max_length=40, blank=True)
    judged_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trial", "rule_set"], name="trials_one_per_rule_set")
        ]
        indexes = [models.Index(fields=["rule_set", "status"], name="trials_class_status")]

    def __str__(self) -> str:
        return f"{self.trial_id} {self.rule_set}: {self.status}"


class SponsorCounts(models.Model):
    """The counts one sponsor has under one rule set; shared by snapshot and record."""

    sponsor = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="+")
    rule_set = models.CharField(max_length=40)
    total = models.PositiveIntegerField(default=0)
    due = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)
    reported_on_time = models.PositiveIntegerField(default=0)
    reported_late = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    ongoing = models.PositiveIntegerField(default=0)
    not_yet_due = models.PositiveIntegerField(default=0)
    not_applicable = models.PositiveIntegerField(default=0)
    inconsistent = models.PositiveIntegerField(default=0)
    # reported / due * 100, None when nothing is due.
    percent_reported = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        abstract = True


class SponsorSnapshot(SponsorCounts):
    """The counts of one day, kept for ever: trends and charts read these."""

    sponsor = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField()
    registry_import = models.ForeignKey(
        RegistryImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["taken_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["sponsor", "rule_set", "taken_on"], name="trials_snapshot_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sponsor_id} {self.rule_set} {self.taken_on}"


class SponsorRecord(SponsorCounts):
    """The latest counts per sponsor and rule set: one row each, what the league reads.

    `sponsor_class` and `sponsor_name` are copied from the sponsor so the league
    table filters, sorts and pages on one table; `trend` is the change in
    percentage points since the snapshot about a year earlier (or the earliest).
    """

    sponsor = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="records")
    sponsor_name = models.CharField(max_length=300)
    sponsor_class = models.CharField(max_length=12)
    trend = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    computed_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sponsor", "rule_set"], name="trials_record_per_rule_set"
            )
        ]
        indexes = [
            models.Index(fields=["rule_set", "due"], name="trials_record_due"),
            models.Index(fields=["rule_set", "sponsor_class", "due"], name="trials_record_class"),
            # The league's default order (selectors.LEAGUE_SORTS["percent"]), so a page
            # reads its rows from an index instead of sorting every sponsor: at 50,000
            # sponsors the first page's query took 130 ms, with these 2 ms.
            models.Index(
                fields=["rule_set", "-percent_reported", "sponsor_name", "id"],
                name="trials_record_by_percent",
            ),
            models.Index(
                fields=["rule_set", "sponsor_class", "-percent_reported", "sponsor_name", "id"],
                name="trials_record_class_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sponsor_name} ({self.rule_set})"
