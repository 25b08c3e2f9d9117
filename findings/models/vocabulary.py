"""The words items are tagged and addressed with: themes and parties."""

from django.db import models
from django.urls import reverse
from taggit.models import TagBase


class Theme(TagBase):
    """A theme the group's discussion touches: a taggit tag with a description."""

    description = models.TextField(blank=True)
    featured = models.BooleanField(
        default=False, help_text="Featured themes are offered first, on the home page."
    )

    class Meta:
        ordering = ["-featured", "name"]

    def get_absolute_url(self):
        return reverse("findings:theme_detail", kwargs={"slug": self.slug})


class Party(models.TextChoices):
    """Who is exposed to a risk, or whom a recommendation is addressed to."""

    CENTRAL_GOVERNMENT_COMMISSIONERS = (
        "central_government_commissioners",
        "Central government commissioners",
    )
    POLITICIANS = "politicians", "Politicians"
    POLICY_MAKERS = "policy_makers", "Policy makers"
    COMMISSIONERS = "commissioners", "Commissioners"
    PROVIDERS = "providers", "Providers"
    VOLUNTARY_SECTOR = "voluntary_sector", "The voluntary sector"
    SERVICE_USERS = "service_users", "Offenders and other service users"
    ALL_SECTORS = "all_sectors", "All sectors"
