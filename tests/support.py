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


def change_form_data(response, **changes):
    """Everything a facilitator's browser would post back from an admin change page, as it was
    rendered (the main form and every inline row), with ``changes`` applied."""
    form = response.context["adminform"].form
    data = management_data(response)
    forms = [(form, "")]
    for inline in response.context["inline_admin_formsets"]:
        forms += [(inline_form, "") for inline_form in inline.formset.forms]
    for each, _ in forms:
        for name in each.fields:
            value = each[name].value()
            key = each.add_prefix(name)
            if value is None or value is False or hasattr(value, "url"):
                continue  # unticked boxes and stored files are not sent back
            if isinstance(value, list | tuple):
                data[key] = [getattr(v, "pk", v) for v in value]
            else:
                data[key] = getattr(value, "pk", value)
    data.update(changes)
    return data
