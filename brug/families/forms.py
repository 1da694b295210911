from __future__ import annotations

from datetime import timedelta

from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brug.core.categories import NOT_SHAREABLE
from brug.core.domains import LifeDomain
from brug.core.forms import DateInput, VersionField
from brug.core.validators import validate_postcode
from brug.families.models import Family, Member, MemberRole, Note
from brug.network.models import Worker

LIFE_DOMAINS = [("", "—"), *LifeDomain.choices]


class FamilyForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Family
        fields = [
            "display_name",
            "street_address",
            "postcode",
            "municipality",
            "neighbourhood",
            "home_languages",
            "preferred_channel",
            "phone",
            "email",
            "contact_worker",
        ]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(validate_postcode)
        self.fields["postcode"].widget.attrs.update(inputmode="numeric", autocomplete="postal-code")
        self.fields["display_name"].error_messages["required"] = _(
            "Geef de naam waarmee het gezin aangesproken wil worden."
        )
        workers = Worker.objects.filter(organisation=organisation, active=True)
        self.fields["contact_worker"].queryset = workers
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class MemberForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Member
        fields = ["role", "first_name", "last_name", "birth_date", "due_date", "languages"]
        widgets = {"birth_date": DateInput(), "due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        role = data.get("role")
        birth, due = data.get("birth_date"), data.get("due_date")
        today = timezone.localdate()
        if role == MemberRole.EXPECTED_CHILD:
            if due is None and "due_date" not in self.errors:
                self.add_error("due_date", _("Vul de verwachte geboortedatum in."))
            elif due is not None and due < today:
                self.add_error(
                    "due_date",
                    _(
                        "De verwachte geboortedatum ligt in het verleden. Is het kind geboren? "
                        "Kies dan de rol ‘kind’ en vul de geboortedatum in."
                    ),
                )
            elif due is not None and due > today + timedelta(days=300):
                self.add_error(
                    "due_date", _("De verwachte geboortedatum ligt meer dan 10 maanden ver.")
                )
            if birth is not None:
                self.add_error("birth_date", _("Een verwacht kind heeft nog geen geboortedatum."))
        else:
            if birth is not None and birth > today:
                self.add_error("birth_date", _("De geboortedatum ligt in de toekomst."))
            if birth is not None and birth.year < today.year - 120:
                self.add_error("birth_date", _("Deze geboortedatum is niet mogelijk."))
            if role == MemberRole.CHILD and birth is None and "birth_date" not in self.errors:
                self.add_error("birth_date", _("Vul de geboortedatum van het kind in."))
            if due is not None:
                self.add_error(
                    "due_date", _("Alleen een verwacht kind heeft een verwachte geboortedatum.")
                )
        if not (data.get("first_name") or "").strip() and role != MemberRole.EXPECTED_CHILD:
            self.add_error("first_name", _("Vul een voornaam in."))
        return data


class BaseMemberFormSet(BaseModelFormSet):
    def clean(self):
        super().clean()
        filled = [
            f
            for f in self.forms
            if f.has_changed() and not (self.can_delete and self._should_delete_form(f))
        ]
        if not filled:
            raise forms.ValidationError(
                _("Een gezin heeft minstens één gezinslid. Vul minstens één persoon in."),
                code="empty_family",
            )


MemberFormSet = modelformset_factory(
    Member,
    form=MemberForm,
    formset=BaseMemberFormSet,
    extra=2,
    fields=MemberForm.Meta.fields,
)


class NoteForm(forms.ModelForm):
    life_domain = forms.ChoiceField(label=_("levensdomein"), choices=LIFE_DOMAINS, required=False)

    class Meta:
        model = Note
        fields = [
            "category",
            "life_domain",
            "text",
            "about_member",
            "confidential",
            "youth_confidence",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, family=None, categories=(), members_shown=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            c for c in self.fields["category"].choices
            if c[0] in categories and c[0] not in NOT_SHAREABLE
        ]
        if members_shown:
            self.fields["about_member"].queryset = Member.objects.filter(family=family)
            self.fields["about_member"].required = False
        else:
            # The members are the `household` category: without it, no dropdown of names.
            del self.fields["about_member"]
            del self.fields["youth_confidence"]

    def clean(self):
        data = super().clean()
        if data.get("youth_confidence") and not data.get("about_member"):
            self.add_error("about_member", _("Kies de jongere die dit in vertrouwen vertelde."))
        return data
