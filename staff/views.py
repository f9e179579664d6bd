"""The staff pages inside the admin: setting up two-step sign-in, giving a
code (at sign-in and when asked again before publishing), new recovery codes."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from . import enrolment, factors, signins, texts, throttle
from .forms import CodeForm
from .models import SignIn


def _page(request, template, title, **context):
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), "title": title, **context}
    )


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index")


def _codes_page(request, codes):
    return _page(
        request, "staff/recovery_codes.html", "Mã dự phòng", codes=codes, next=_next(request)
    )


@never_cache
@staff_member_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Set up the authenticator app: a QR code and the secret as text, then a
    code from the app confirms it and shows the recovery codes once. With an
    app already set up: its state, and new recovery codes on request."""
    user = request.user
    if factors.has_second_factor(user):
        if request.method == "POST":
            if not factors.verified_recently(request):
                return factors.refuse_without_fresh_second_factor(
                    request, back_to=reverse("staff:enrol")
                )
            return _codes_page(request, enrolment.new_recovery_codes(user))
        left = sum(d.token_set.count() for d in StaticDevice.objects.filter(user=user))
        return _page(request, "staff/enrolled.html", "Xác thực hai bước", codes_left=left)
    device = enrolment.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = enrolment.confirm(device, request=request)
            factors.mark_verified(request, device)
            return _codes_page(request, codes)
        form.add_error("code", texts.ENROL_CODE_WRONG)
    return _page(
        request,
        "staff/enrol.html",
        "Bật xác thực hai bước",
        form=form,
        qr_svg=enrolment.qr_svg(device),
        secret=enrolment.secret_text(device),
        required=factors.must_have_second_factor(user),
        next=_next(request),
    )


@never_cache
@staff_member_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Ask for a code from the authenticator app or a recovery code; back to
    `next` once one is accepted."""
    if not factors.has_second_factor(request.user):
        return redirect(reverse("staff:enrol"))
    form = CodeForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        device = factors.prove(request.user, form.cleaned_data["code"])
        if device is None:
            throttle.count_failure(request, request.user.get_username(), known=True, kind="code")
        signins.record(
            request=request,
            username=request.user.get_username(),
            user=request.user,
            step=SignIn.Step.SECOND_FACTOR,
            succeeded=device is not None,
        )
        if device is not None:
            factors.mark_verified(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, f"Đã dùng một mã dự phòng; còn {left} mã.")
            return redirect(_next(request))
        form.add_error("code", texts.CODE_WRONG)
    return _page(request, "staff/verify.html", "Xác thực hai bước", form=form, next=_next(request))
