"""Programmes (configuration), trajectories, contacts, goal plans, reviews, case conferences."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from brug.core import multivalue
from brug.core.categories import Category
from brug.core.domains import LifeDomain
from brug.core.models import VersionedModel
from brug.families.models import Family, Member
from brug.network.models import Network, Organisation, OrganisationKind, Worker
from brug.trajectories import rules


class Programme(VersionedModel):
    """A programme type of the network (VONK, TOOM, Kwadraat, Domo…) and its rules.

    Rules are data so each network configures its own; `rules()` hands them to the plain
    `brug.trajectories.rules` module.
    """

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(_("naam"), max_length=100)
    # The name a family reads, per language code ({"fr": "...", "ar": "..."}); Dutch is
    # `name`, and a language without its own name falls back to it (docs/i18n.md).
    names = models.JSONField(_("naam in andere talen"), default=dict, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    referrer_kinds = models.CharField(
        _("wie mag aanmelden"), max_length=300, blank=True,
        help_text=_("Leeg: elke organisatie mag een gezin aanmelden."),
    )
    youngest_max_age_months = models.PositiveIntegerField(
        _("jongste kind jonger dan (maanden)"), null=True, blank=True)
    child_min_age_months = models.PositiveIntegerField(
        _("een kind minstens (maanden) oud"), null=True, blank=True)
    expected_child_counts = models.BooleanField(
        _("een kind op komst telt mee"), default=True)
    requires_kansarm = models.BooleanField(
        _("kansarmoede-index: signalen op 3 of meer domeinen nodig"), default=False)
    requires_income_below_poverty = models.BooleanField(
        _("inkomen onder de Europese armoedegrens nodig"), default=False)
    duration_months = models.PositiveIntegerField(_("duur (maanden)"), null=True, blank=True)
    review_every_months = models.PositiveIntegerField(
        _("tussentijdse evaluatie om de (maanden)"), null=True, blank=True)
    max_extensions = models.PositiveIntegerField(_("aantal verlengingen"), default=0)
    extension_months = models.PositiveIntegerField(
        _("verlenging met (maanden)"), null=True, blank=True)
    ends_at_youngest_age_months = models.PositiveIntegerField(
        _("stopt als het jongste kind zo oud is (maanden)"), null=True, blank=True)
    runs_until_youngest_age_months = models.PositiveIntegerField(
        _("loopt minstens tot het jongste kind zo oud is (maanden)"), null=True, blank=True,
        help_text=_("Een minimum: de geplande einddatum valt nooit vroeger. Voor de geboorte "
                    "telt de vermoedelijke bevallingsdatum."))
    caseload_cap = models.PositiveIntegerField(
        _("maximum gezinnen per medewerker"), null=True, blank=True)
    case_conference_within_months = models.PositiveIntegerField(
        _("eerste casusoverleg binnen (maanden)"), null=True, blank=True, default=6)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="programme_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str | None = None) -> str:
        """The programme's name in `language` (default: the active one), else the Dutch."""
        language = language or get_language() or ""
        names = self.names if isinstance(self.names, dict) else {}
        return names.get(language) or names.get(language.split("-")[0]) or self.name

    @property
    def local_name(self) -> str:
        """The name in the active language, for pages a family reads."""
        return self.name_in()

    @property
    def referrer_kind_list(self) -> list[str]:
        return multivalue.split(self.referrer_kinds)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        problems = rules.check_programme(self.rules())
        if problems:
            raise ValidationError({"runs_until_youngest_age_months": [p.message for p in problems]})

    def rules(self) -> rules.ProgrammeRules:
        kinds = self.referrer_kind_list
        labels = dict(OrganisationKind.choices)
        return rules.ProgrammeRules(
            name=self.name,
            referrer_kinds=frozenset(kinds) if kinds else None,
            referrer_kind_labels=", ".join(str(labels.get(k, k)) for k in kinds),
            youngest_max_age_months=self.youngest_max_age_months,
            child_min_age_months=self.child_min_age_months,
            expected_child_counts=self.expected_child_counts,
            requires_kansarm=self.requires_kansarm,
            requires_income_below_poverty=self.requires_income_below_poverty,
            duration_months=self.duration_months,
            review_every_months=self.review_every_months,
            max_extensions=self.max_extensions,
            extension_months=self.extension_months,
            ends_at_youngest_age_months=self.ends_at_youngest_age_months,
            runs_until_youngest_age_months=self.runs_until_youngest_age_months,
            caseload_cap=self.caseload_cap,
            case_conference_within_months=self.case_conference_within_months,
        )


class TrajectoryStatus(models.TextChoices):
    OPEN = "open", _("loopt")
    CLOSED = "closed", _("afgesloten")


class ClosingReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("doelen bereikt")
    FAMILY_STOPPED = "family_stopped", _("het gezin stopte (zonder gevolgen)")
    MOVED = "moved", _("verhuisd")
    REFERRED_ON = "referred_on", _("doorverwezen")
    AGE_LIMIT = "age_limit", _("leeftijdsgrens van het programma")
    OTHER = "other", _("andere")


class IncomeCheck(models.TextChoices):
    BELOW = "below", _("onder de armoedegrens")
    ABOVE = "above", _("boven de armoedegrens")
    UNKNOWN = "unknown", _("niet gekend")


class Trajectory(VersionedModel):
    """One programme's guidance of one family, with a start and an end."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="trajectories",
                                  verbose_name=_("programma"))
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="trajectories")
    responsible = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="responsible_trajectories",
        verbose_name=_("vaste contactpersoon in dit traject"),
    )
    involved = models.ManyToManyField(
        Worker, blank=True, related_name="involved_trajectories",
        verbose_name=_("andere betrokken medewerkers en vrijwilligers"),
    )
    referrer = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("aangemeld door"),
    )
    started_on = models.DateField(_("start"))
    planned_end_on = models.DateField(_("geplande einddatum"), null=True, blank=True)
    extension_count = models.PositiveIntegerField(_("verlengingen"), default=0)
    status = models.CharField(max_length=10, choices=TrajectoryStatus.choices,
                              default=TrajectoryStatus.OPEN)
    # Data minimisation: only the outcome of the income check is kept, not the income.
    income_check = models.CharField(_("inkomen"), max_length=10, choices=IncomeCheck.choices,
                                    default=IncomeCheck.UNKNOWN)
    overridden_rules = models.CharField(max_length=500, blank=True)
    override_reason = models.TextField(_("reden om af te wijken"), blank=True)
    override_approved_by = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("goedgekeurd door (coördinator)"),
    )
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    closing_reason = models.CharField(_("reden van afsluiten"), max_length=20,
                                      choices=ClosingReason.choices, blank=True)
    closing_note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [
            # What the caseload and the agenda need of a worker's trajectories rides along, so
            # both read the index alone (PostgreSQL).
            models.Index(fields=["responsible", "status"],
                         include=["id", "programme", "family", "planned_end_on"],
                         name="trajectory_by_worker"),
            models.Index(fields=["family", "status"], name="trajectory_by_family"),
            models.Index(fields=["status", "planned_end_on"], name="trajectory_ending"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name} — {self.family.display_name}"

    @property
    def is_open(self) -> bool:
        return self.status == TrajectoryStatus.OPEN


class TrajectoryExtension(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="extensions")
    extended_on = models.DateField()
    months = models.PositiveIntegerField()
    previous_end_on = models.DateField(null=True)
    reason = models.CharField(_("waarom verlengen"), max_length=300)
    by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"+{self.months} ({self.extended_on})"

class PlannedEndChange(models.Model):
    """The planned end moved because of a fact about the family: a child's birth.

    Shown on the trajectory page; the child's name is read from the member at display time,
    so anonymising the family removes it here too.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE,
                                   related_name="end_changes")
    changed_at = models.DateTimeField(default=timezone.now)
    previous_end_on = models.DateField(null=True, blank=True)
    new_end_on = models.DateField(null=True, blank=True)
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    by = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.previous_end_on} -> {self.new_end_on}"


class ContactKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("huisbezoek")
    OFFICE = "office", _("op kantoor")
    PHONE = "phone", _("telefoon")
    SMS = "sms", _("sms")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("e-mail")
    OUTREACH_ATTEMPT = "outreach_attempt", _("poging tot contact (nog geen mandaat)")
    GROUP_ACTIVITY = "group_activity", _("groepsactiviteit")


MAX_MINUTES = 24 * 60


class Contact(models.Model):
    """A contact with the family, with the time it took. A worker who may change the dossier
    can correct or remove it (version-checked, audited; `services.contact_correct`)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="contacts")
    trajectory = models.ForeignKey(Trajectory, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="contacts", verbose_name=_("traject"))
    kind = models.CharField(_("soort contact"), max_length=20, choices=ContactKind.choices,
                            default=ContactKind.HOME_VISIT)
    happened_on = models.DateField(_("datum"))
    minutes = models.PositiveIntegerField(
        _("minuten"), validators=[MaxValueValidator(MAX_MINUTES)],
    )
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="contacts")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("soort informatie"), max_length=20, choices=Category.choices,
                                default=Category.PLAN)
    note = models.TextField(_("korte notitie"), blank=True)
    confidential = models.BooleanField(
        _("vertrouwelijk"), default=False,
        help_text=_("Blijft binnen je eigen organisatie, ook als het gezin delen toestaat."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-happened_on", "-id"]
        indexes = [
            models.Index(fields=["family", "-happened_on"], name="contact_by_family"),
            # Minutes ride along so the time per worker (caseload, agenda) is summed from
            # the index alone (PostgreSQL; other databases get the plain index).
            models.Index(fields=["worker", "happened_on"], include=["minutes"],
                         name="contact_by_worker"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on}"

class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("nog te doen")
    IN_PROGRESS = "in_progress", _("bezig")
    REACHED = "reached", _("gelukt")
    STOPPED = "stopped", _("niet meer nodig")


class Goal(VersionedModel):
    """A goal in the goal plan of a trajectory, in the family's words and in the worker's.

    The family's version of the plan shows only `family_wording`, `who_does_what` and dates.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="steps",
        verbose_name=_("stap van het doel"),
    )
    life_domain = models.CharField(_("levensdomein"), max_length=20, choices=LifeDomain.choices)
    family_wording = models.TextField(
        _("het doel in de woorden van het gezin"),
        help_text=_("Zoals het gezin het zegt, mag in de eigen taal."))
    family_language = models.CharField(_("taal van het gezin"), max_length=50, blank=True)
    worker_wording = models.TextField(_("het doel in jouw woorden"), blank=True)
    who_does_what = models.CharField(_("wie doet wat"), max_length=300, blank=True)
    target_date = models.DateField(_("streefdatum"), null=True, blank=True)
    status = models.CharField(_("stand"), max_length=12, choices=GoalStatus.choices,
                              default=GoalStatus.PLANNED)
    confidential = models.BooleanField(
        _("vertrouwelijk"), default=False,
        help_text=_("Blijft binnen je eigen organisatie, ook als het gezin delen toestaat."),
    )
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["life_domain", "id"]

    def __str__(self) -> str:
        return self.family_wording[:80]

class Review(VersionedModel):
    """A planned interim evaluation (tussentijdse evaluatie).

    Versioned like the other forms' records: two workers filling in the same review cannot
    silently overwrite each other.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(_("gepland op"))
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    summary = models.TextField(_("wat we samen bekeken"), blank=True)
    held_by = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["held_on", "due_on"], name="review_due"),
            # The agenda: a worker's open reviews, found per trajectory without reading
            # the reviews already held.
            models.Index(fields=["trajectory", "due_on"], condition=Q(held_on__isnull=True),
                         name="review_open"),
        ]

    def __str__(self) -> str:
        return f"{self.due_on}"

class CaseConference(VersionedModel):
    """A case conference (casusoverleg); the parents are invited by default.

    The parents read the minutes (a printable page of their own) and their reaction is
    recorded in their own words, by a separate form that never touches the minutes.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE,
                                   related_name="conferences")
    first = models.BooleanField(default=False)  # the one due within N months of the start
    due_by = models.DateField(_("ten laatste op"), null=True, blank=True)
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    attendees = models.ManyToManyField(Worker, blank=True, related_name="+",
                                       verbose_name=_("aanwezige medewerkers"))
    parents_present = models.BooleanField(_("ouders waren erbij"), default=True)
    no_parents_reason = models.CharField(_("waarom zonder ouders"), max_length=300, blank=True)
    minutes = models.TextField(_("verslag (de ouders kunnen het lezen)"), blank=True)
    parents_comment = models.TextField(_("reactie van de ouders"), blank=True)
    parents_commented_on = models.DateField(_("reactie genoteerd op"), null=True, blank=True)
    parents_comment_by = models.ForeignKey(Worker, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+",
                                           verbose_name=_("reactie genoteerd door"))
    recorded_by = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["due_by", "id"]
        indexes = [
            models.Index(fields=["held_on", "due_by"], name="conference_due"),
            models.Index(fields=["trajectory", "due_by"], condition=Q(held_on__isnull=True),
                         name="conference_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=True) | Q(parents_present=True)
                | ~Q(no_parents_reason=""),
                name="conference_without_parents_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.due_by or self.held_on}"


class FamilyReaction(models.Model):
    """What the family wrote about its plan, one goal of it, or the minutes of a case
    conference, in the family portal. Never edited: a second reaction is a new row.

    The worker reads it on the goal plan or the conference page; the family reads its own.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE,
                                   related_name="family_reactions")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="family_reactions")
    conference = models.ForeignKey(CaseConference, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="family_reactions")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("gezinslid"))
    text = models.TextField(_("reactie"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["trajectory", "-created_at"],
                                name="family_reaction_by_trajectory")]
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=True) | Q(conference__isnull=True),
                name="family_reaction_one_subject"),
        ]

    def __str__(self) -> str:
        return f"reactie {self.pk} ({self.trajectory_id})"


class OverrideStatus(models.TextChoices):
    PENDING = "pending", _("wacht op de coördinator")
    APPROVED = "approved", _("goedgekeurd")
    REFUSED = "refused", _("geweigerd")
    USED = "used", _("gebruikt")


# The rules a request asks to set aside, as a coordinator reads them (no family details).
RULE_LABELS = {
    "referrer": _("wie mag aanmelden"),
    "youngest_age": _("leeftijd van het jongste kind"),
    "child_min_age": _("minimumleeftijd van een kind"),
    "kansarm": _("kansarmoede-index"),
    "income": _("inkomensgrens"),
    "caseload": _("maximale caseload"),
}


class OverrideRequest(VersionedModel):
    """A worker's request to open a trajectory although a programme rule is not met; a
    coordinator of the network approves or refuses it. Opening the trajectory uses an
    approved request once. The reason is written for the coordinator, without names."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    rules = models.CharField(max_length=200)
    reason = models.TextField(_("reden om af te wijken"))
    requested_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=OverrideStatus.choices,
                              default=OverrideStatus.PENDING)
    decided_by = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["family", "programme", "status"],
                                name="override_by_family")]

    @property
    def rule_labels(self) -> list[str]:
        return [str(RULE_LABELS.get(code, code)) for code in self.rules.split(",") if code]
