"""Admin forms with rules of their own: a session refuses a save that would overwrite another's."""

from django import forms
from django.utils import timezone

from ajc.stale_saves import StaleSaveGuard

from .models import Figure, Session


class SessionAdminForm(StaleSaveGuard):
    """The session's page: refuses a save over another facilitator's (``StaleSaveGuard``)."""

    # No Meta: the admin builds the form's model and fields from SessionAdmin's fieldsets.

    def clean(self):
        cleaned = super().clean()
        date = cleaned.get("date")
        # A new session whose date has passed was held, unless the facilitator chose otherwise.
        if (
            not self.instance.pk
            and date
            and date < timezone.localdate()
            and "status" not in self.changed_data
            and cleaned.get("status") == Session.Status.PLANNED
        ):
            cleaned["status"] = Session.Status.HELD
        return cleaned


MAX_FIGURE_BYTES = 5 * 1024 * 1024
MAX_FIGURE_PIXELS = 6000 * 6000
FIGURE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def reencoded_image(upload):
    """Check an uploaded figure by its content and re-encode it as a fresh PNG.

    The file's name and declared type are ignored; Pillow must recognise the bytes as an image
    in one of FIGURE_FORMATS. Re-encoding drops anything riding along (metadata, trailing
    payloads, polyglots), and the stored name is generated (see sessions.models.figure_upload_to).
    """
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_FIGURE_BYTES:
        raise forms.ValidationError("The image is larger than 5 MB: please make it smaller.")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in FIGURE_FORMATS:
                raise forms.ValidationError("Upload a PNG, JPEG, GIF or WebP image.")
            if image.width * image.height > MAX_FIGURE_PIXELS:
                raise forms.ValidationError("The image has too many pixels (6000 × 6000 at most).")
            image.load()
            converted = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError("This file is not an image we can read.") from None
    buffer = io.BytesIO()
    converted.save(buffer, format="PNG", optimize=True)
    return SimpleUploadedFile("figure.png", buffer.getvalue(), content_type="image/png")


class FigureForm(forms.ModelForm):
    """A figure in the session's page: its upload checked and re-encoded."""

    class Meta:
        model = Figure
        fields = ["number", "order", "image", "caption", "alt_text"]
        help_texts = {"alt_text": "Required: what the figure shows, for people who cannot see it."}
        # Django draws a stored file's input in a fieldset with no label of its own.
        widgets = {
            "image": forms.ClearableFileInput(
                attrs={"aria-label": "Image file (PNG, JPEG, GIF or WebP)"}
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False  # 0: before the first item

    def clean_order(self):
        return self.cleaned_data.get("order") or 0

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return reencoded_image(image)
        return image


class FigureAdminForm(StaleSaveGuard, FigureForm):
    """A figure's own page: checked like the inline, and refusing a stale save."""
