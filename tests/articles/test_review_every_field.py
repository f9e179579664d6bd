"""Review covers every field readers see: an editor's change to a published
article, whatever field it touches (topics included), waits in the one
pending revision and readers keep the approved version until an approver
approves. The fields are read from the model and the admin's form, so a
field added later is tested here, and fails until it is reviewed."""

import pytest
from django.contrib.admin.sites import site
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django_prose_editor.fields import ProseEditorField

from articles.models import Article
from articles.workflow import revisions
from tests.articles.desk import change_form, change_url, staff
from tests.factories import image_upload, make_article, make_category, make_topic

pytestmark = pytest.mark.django_db

# The form's own inputs, which are no field of the article.
DESK_INPUTS = {"remark", "form_token", "seen_version"}
# Shown on the form, written by the system (status only by a transition).
SYSTEM_SHOWN = {"status", "created_by", "created_at", "updated_at"}
# Shown on the form as a view of another field (the lead image's picture).
VIEWS = {"lead_image_preview"}


def model_fields():
    """The article's fields staff could give a value: columns and many-to-many."""
    fields = [*Article._meta.fields, *Article._meta.many_to_many]
    return {f.name: f for f in fields if f.editable and not f.primary_key}


def form_fields():
    """The fields of the admin's change form: its fieldsets and its form's."""
    admin = site._registry[Article]
    names = {*flatten_fieldsets(admin.fieldsets), *admin.form.base_fields}
    return names - DESK_INPUTS - SYSTEM_SHOWN - VIEWS


# Set by the workflow alone: no editor's input on a published article.
WORKFLOW_ONLY = revisions.WORKFLOW_FIELDS - revisions.REVIEWED_FIELDS


def reader_fields():
    """Every field whose value readers may see, but those only the workflow
    sets (the status, the address)."""
    names = (set(model_fields()) | form_fields()) - SYSTEM_SHOWN
    return sorted(names - WORKFLOW_ONLY)


def new_value(field, article):
    """{input: value} giving `field` a value other than `article`'s, as the
    form posts it (None: the input left out)."""
    name = field.name
    if isinstance(field, models.ManyToManyField):
        return {name: [make_topic(name="Chủ đề đề xuất").pk]}
    if isinstance(field, models.ForeignKey):
        return {name: make_category(name="Chuyên mục đề xuất").pk}
    if isinstance(field, models.ImageField):
        return {name: image_upload("anh-de-xuat.jpg", color=(30, 30, 200))}
    if isinstance(field, models.BooleanField):
        return {name: None if getattr(article, name) else "on"}
    if isinstance(field, models.DateTimeField):
        return {f"{name}_0": "13/01/2017", f"{name}_1": "12:49:00"}
    if isinstance(field, ProseEditorField):
        return {name: "<p>Nội dung đề xuất.</p>"}
    if isinstance(field, models.CharField | models.TextField):
        return {name: "Giá trị đề xuất"}
    raise AssertionError(f"no test value for {name} ({type(field).__name__}): add one")


def shown(article, name):
    """What readers get of field `name` of `article`, comparable."""
    article = Article.objects.get(pk=article.pk)
    if name == "topics":
        return sorted(article.topics.values_list("pk", flat=True))
    value = getattr(article, model_fields()[name].attname)
    return getattr(value, "name", value)


def test_every_field_of_the_model_and_the_form_is_reviewed_or_the_workflows():
    names = set(model_fields()) | form_fields()
    reviewed = revisions.REVIEWED_FIELDS | revisions.WORKFLOW_FIELDS | SYSTEM_SHOWN

    assert {"topics", "published_at"} <= revisions.REVIEWED_FIELDS
    assert names - reviewed == set()


@pytest.mark.parametrize("name", reader_fields())
def test_an_editors_change_to_any_field_waits_for_an_approver(client, name):
    field = model_fields()[name]
    article = make_article(
        title="Tin đã duyệt",
        lead_image=image_upload("anh-da-duyet.jpg"),
        lead_image_caption="Chú thích đã duyệt",
        source="Nguồn đã duyệt",
    )
    article.topics.add(make_topic(name="Chủ đề đã duyệt"))
    approved = shown(article, name)
    value = new_value(field, article)
    client.force_login(staff("editor"))

    client.post(change_url(article), change_form(article, **value))

    assert shown(article, name) == approved
    assert Article.objects.get(pk=article.pk).has_pending_revision
    client.force_login(staff("approver"))
    # The approver's form shows the proposal; an upload is not sent again.
    kept = {} if isinstance(field, models.ImageField) else value
    client.post(change_url(article), change_form(article, **kept, _approve_change="1"))
    assert shown(article, name) != approved
    assert not Article.objects.get(pk=article.pk).has_pending_revision


@pytest.mark.parametrize("name", sorted(WORKFLOW_ONLY))
def test_an_editor_has_no_input_for_what_only_the_workflow_sets(client, name):
    article = make_article()
    client.force_login(staff("editor"))

    form = client.get(change_url(article)).context["adminform"].form

    assert name not in form.fields
