"""Helpers shared by test modules that are neither fixtures (conftest.py) nor builders of test
data (factories.py). No test module imports another: what two of them need lives here."""


# The admin's inline formsets, posted back as a browser would


def management_data(response):
    """The POST data a browser would send back for the page's forms, as rendered."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
            del field
    return data


def prefix_of(response, model):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.prefix
    raise AssertionError(f"no inline for {model}")


def add_inline_row(data, prefix, index, **fields):
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
