from django import forms

from .models import User
from .validators import validate_visible_name


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    name = forms.CharField(label="Full name", max_length=200, validators=[validate_visible_name])
    affiliation = forms.CharField(
        max_length=200, required=False, validators=[validate_visible_name]
    )

    def signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.affiliation = self.cleaned_data["affiliation"]
        user.save(update_fields=["name", "affiliation"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "affiliation", "homepage", "orcid", "bio", "expertise", "photo"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "expertise": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > 2 * 1024 * 1024:
            raise forms.ValidationError(
                "The photo is larger than 2 MB; please upload a smaller one."
            )
        return photo
