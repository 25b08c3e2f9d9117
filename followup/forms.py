import django_filters
from django import forms

from .models import DigestPreference, FollowUp, Rating, ResponseStatus


class LedgerFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Response", choices=ResponseStatus.choices, empty_label="Any response"
    )
    rating = django_filters.ChoiceFilter(
        label="Implementation", choices=Rating.choices, empty_label="Any rating"
    )

    class Meta:
        model = FollowUp
        fields = ["status", "rating"]


class DigestPreferenceForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["frequency", "subscribed"]
        labels = {"frequency": "How often", "subscribed": "Send me email digests"}
        help_texts = {
            "frequency": "One email a day or one a week, only when something you follow "
            "has changed.",
            "subscribed": "Untick to stop the emails; you can start them again here. "
            "Unsubscribing from an email unticks it.",
        }
        widgets = {"frequency": forms.RadioSelect}
