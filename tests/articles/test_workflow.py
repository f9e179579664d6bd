"""The desk's workflow: each role × each transition, through the services and
through the admin's buttons, as staff use them."""

import pytest
from django.urls import reverse

from articles.admin.forms import ArticleAdminForm
from articles.models import Article, Transition
from articles.workflow import revisions, services
from articles.workflow.rules import RULES, Action, WorkflowError
from articles.workflow.transitions import TransitionQuerySet
from tests.articles.desk import change_form, change_url, staff
from tests.factories import make_article

pytestmark = pytest.mark.django_db
S = Article.Status

# action: (a state it applies to, the state it leads to)
TRANSITIONS = {
    Action.SUBMIT: (S.DRAFT, S.SUBMITTED),
    Action.PUBLISH: (S.SUBMITTED, S.PUBLISHED),
    Action.RETURN: (S.SUBMITTED, S.RETURNED),
    Action.TAKE_DOWN: (S.PUBLISHED, S.TAKEN_DOWN),
}
ALLOWED = {
    "editor": {Action.SUBMIT},
    "approver": set(TRANSITIONS),
    "moderator": set(),
    "superuser": set(TRANSITIONS),
}
MATRIX = [(role, action) for role in ALLOWED for action in TRANSITIONS]


def run(action, article, user):
    remark = "Cần bổ sung nguồn." if action == Action.RETURN else ""
    return services.SERVICES[action](article=article, by=user, remark=remark)


@pytest.mark.parametrize(("role", "action"), MATRIX)
def test_each_role_may_apply_only_its_own_transitions_through_the_services(role, action):
    source, target = TRANSITIONS[action]
    article = make_article(status=source)
    user = staff(role)

    if action in ALLOWED[role]:
        record = run(action, article, user)
        assert (record.by, record.from_status, record.to_status) == (user, source, target)
    else:
        with pytest.raises(WorkflowError):
            run(action, article, user)

    article.refresh_from_db()
    assert article.status == (target if action in ALLOWED[role] else source)


@pytest.mark.parametrize(("role", "action"), MATRIX)
def test_each_role_sees_and_uses_only_its_own_buttons_in_the_admin(client, role, action):
    source, target = TRANSITIONS[action]
    article = make_article(status=source)
    client.force_login(staff(role))
    button = f"_{action.value}"

    page = client.get(change_url(article))
    response = client.post(
        change_url(article), change_form(article, **{button: "1", "remark": "Sửa lại sapo."})
    )

    article.refresh_from_db()
    if action in ALLOWED[role]:
        assert f'name="{button}"' in page.content.decode()
        assert response.status_code == 302
        assert article.status == target
    else:
        assert page.status_code == 403 or f'name="{button}"' not in page.content.decode()
        assert article.status == source


@pytest.mark.parametrize("state", [S.PUBLISHED, S.SUBMITTED])
def test_a_transition_from_the_wrong_state_is_refused(state):
    article = make_article(status=state)
    with pytest.raises(WorkflowError, match="Không thể gửi duyệt"):
        services.submit_article(article=article, by=staff("editor"))


def test_returning_without_a_remark_is_refused_with_a_form_error(client):
    article = make_article(status=S.SUBMITTED)
    client.force_login(staff("approver"))

    response = client.post(change_url(article), change_form(article, _return="1"))

    assert response.status_code == 200
    assert "Vui lòng ghi ý kiến khi trả lại" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.SUBMITTED


# The services that refuse a blank remark, by the action that needs one.
REFUSES_BLANK_REMARK = {
    Action.RETURN: (S.SUBMITTED, services.return_article),
    Action.RETURN_CHANGE: (S.PUBLISHED, revisions.return_revision),
}


def test_every_action_that_needs_a_remark_is_covered_here():
    assert set(REFUSES_BLANK_REMARK) == {a for a, rule in RULES.items() if rule.needs_remark}


@pytest.mark.parametrize("action", list(REFUSES_BLANK_REMARK))
def test_the_form_and_the_service_refuse_a_blank_remark_with_one_message(action):
    state, service = REFUSES_BLANK_REMARK[action]
    article = make_article(status=state)
    with pytest.raises(WorkflowError) as refusal:
        service(article=article, by=staff("approver"), remark="  ")

    form = ArticleAdminForm(data={f"_{action.value}": "1", "remark": "  "}, instance=article)

    assert not form.is_valid()
    assert form.errors["remark"] == [str(refusal.value)]


def test_the_database_refuses_a_transition_the_rules_refuse():
    from django.db import IntegrityError, transaction

    article = make_article(status=S.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Transition.objects.create(
            article=article, action=Action.PUBLISH, from_status=S.PUBLISHED, to_status=S.DRAFT
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Transition.objects.create(
            article=article, action=Action.RETURN, from_status=S.SUBMITTED, to_status=S.RETURNED
        )


def test_every_transition_is_recorded_with_who_when_and_the_remark():
    editor, approver = staff("editor"), staff("approver")
    article = make_article(status=S.DRAFT, created_by=editor)

    services.submit_article(article=article, by=editor)
    services.return_article(article=article, by=approver, remark="Thiếu ảnh.")
    services.submit_article(article=article, by=editor)
    services.publish_article(article=article, by=approver)

    log = list(article.transitions.order_by("at", "pk").values_list("action", "by", "remark"))
    assert log == [
        ("submit", editor.pk, ""),
        ("return", approver.pk, "Thiếu ảnh."),
        ("submit", editor.pk, ""),
        ("publish", approver.pk, ""),
    ]


def test_every_transition_row_is_written_by_one_function(monkeypatch):
    written = set()
    record = TransitionQuerySet.record

    def spy(self, **kwargs):
        transition = record(self, **kwargs)
        written.add(transition.pk)
        return transition

    monkeypatch.setattr(TransitionQuerySet, "record", spy)
    editor, approver = staff("editor"), staff("approver")
    article = make_article(status=S.DRAFT, created_by=editor)

    def propose(title):
        article.refresh_from_db()
        article.title = title
        revisions.save_edit(article=article, by=editor)
        article.refresh_from_db()

    services.submit_article(article=article, by=editor)
    services.return_article(article=article, by=approver, remark=" Thiếu ảnh. ")
    services.submit_article(article=article, by=editor)
    services.publish_article(article=article, by=approver)
    propose("Bản hai")
    revisions.approve_revision(article=article, by=approver)
    propose("Bản ba")
    revisions.return_revision(article=article, by=approver, remark="Giữ tít cũ.")
    propose("Bản bốn")
    revisions.save_edit(article=revisions.with_pending_text(article), by=approver)
    services.take_down_article(article=article, by=approver)

    rows = Transition.objects.filter(article=article)
    assert set(rows.values_list("pk", flat=True)) == written
    assert set(rows.values_list("action", flat=True)) == set(Action.values)
    assert all(t.to_status == RULES[t.action].target for t in rows)
    assert "Thiếu ảnh." in rows.values_list("remark", flat=True)


def test_a_returned_article_shows_its_remark_to_the_editor(client):
    editor = staff("editor")
    article = make_article(status=S.SUBMITTED, created_by=editor)
    services.return_article(article=article, by=staff("approver"), remark="Thiếu nguồn tin.")
    client.force_login(editor)

    page = client.get(change_url(article)).content.decode()

    assert "Thiếu nguồn tin." in page
    assert 'name="_submit"' in page


def test_a_future_time_schedules_the_article_instead_of_publishing_it(client):
    from datetime import timedelta

    from django.utils import timezone

    later = timezone.now() + timedelta(days=1)
    article = make_article(status=S.SUBMITTED, published_at=later)

    services.publish_article(article=article, by=staff("approver"))

    assert article.status == S.PUBLISHED
    assert Article.objects.scheduled().get() == article
    assert client.get(article.get_absolute_url()).status_code == 404


def test_republishing_keeps_the_original_publication_time():
    approver = staff("approver")
    article = make_article(status=S.SUBMITTED)
    services.publish_article(article=article, by=approver)
    first = Article.objects.get(pk=article.pk).published_at

    services.take_down_article(article=article, by=approver)
    services.publish_article(article=article, by=approver)

    assert Article.objects.get(pk=article.pk).published_at == first


def test_the_list_actions_apply_what_the_rules_allow_and_skip_the_rest(client):
    draft, published = make_article(status=S.DRAFT), make_article(status=S.PUBLISHED)
    client.force_login(staff("editor"))

    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_selected", "_selected_action": [draft.pk, published.pk]},
    )

    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, published.status) == (S.SUBMITTED, S.PUBLISHED)
