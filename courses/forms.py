"""Forms of the courses app."""

from django import forms


class AuthoredForm(forms.ModelForm):
    """Authored text (code and Markdown, in text areas) is saved as written: its leading
    and trailing lines kept (Django strips them by default), and the browsers' CRLF line
    ends made LF, so that what an instructor saves exports as it reads."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea):
                field.strip = False  # titles and slugs are still stripped

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.replace("\r\n", "\n")
        return cleaned
