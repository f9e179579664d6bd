"""The sign-in log, read-only and for superusers only; the admin's sign-in
form with the captcha; the second factor's devices kept out of the admin
(their secrets are set up by their owner, or by `enrol_second_factor`)."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import StaffAuthenticationForm
from .models import SignIn

admin.site.login_form = StaffAuthenticationForm

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(SignIn)
class SignInAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "network", "step", "succeeded"]
    list_filter = ["succeeded", "step", "at"]
    search_fields = ["username", "network"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
