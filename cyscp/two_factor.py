"""Two-factor sign-in for staff, with codes from an authenticator app
(django-otp's TOTP devices).

Any member of staff can turn it on from "Two-factor sign-in" in the admin's
header. With TWO_FACTOR_FOR_PUBLISHERS on, a publisher must: until they
have set it up and signed in with a code, every admin page leads to that
page, and the public pages show them what the public sees.

The sign-in form has one more box, for the code, whoever signs in. A wrong
password and a wrong or missing code give the same message, so the form
never tells a guesser that the password was right; a wrong code counts as
a failed attempt towards django-axes's lockout.
"""

import base64
import io
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from .staff import can_publish

DEVICE_NAME = "Authenticator app"


def required_for(user) -> bool:
    return bool(settings.TWO_FACTOR_FOR_PUBLISHERS) and can_publish(user)


def passed(user) -> bool:
    """Whether this signed-in member of staff has done what two-factor
    sign-in asks of them."""
    if not required_for(user):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def _clean_code(code: str) -> str:
    return "".join((code or "").split())


def _code_is_right(device, code: str) -> bool:
    code = _clean_code(code)
    if not code.isdigit() or len(code) != device.digits:
        return False
    allowed, _ = device.verify_is_allowed()
    return bool(allowed and device.verify_token(code))


class StaffSignInForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": (
            "Enter the right username and password for a staff account, and the code "
            "from your authenticator app if you have set up two-factor sign-in. "
            "The password is case-sensitive."
        ),
    }

    code = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=20,
        help_text="Only if you have set up two-factor sign-in: the 6 digits the app shows now.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        device = confirmed_device(user) if user is not None else None
        if device is None:
            return cleaned
        if not _code_is_right(device, cleaned.get("code", "")):
            # Counted by django-axes like a wrong password, and said the same way.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": cleaned.get("username")},
                request=self.request,
            )
            self.user_cache = None
            raise self.get_invalid_login_error()
        # django-otp marks the session as verified when the sign-in completes.
        user.otp_device = device
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter the 6-digit code your app shows now."},
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not _code_is_right(self.device, code):
            raise forms.ValidationError(
                "That code is not right. Check the app's clock is correct, and enter the "
                "code it shows now (it changes every 30 seconds)."
            )
        return code


def _qr_code(device) -> str:
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def _secret(device) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _next_page(request) -> str:
    asked = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(asked, {request.get_host()}, request.is_secure()):
        return asked
    return reverse("admin:index")


def two_factor(request):
    """Set up, confirm or turn off two-factor sign-in (staff only: wrapped by
    the admin site, which lets this page through when it is required)."""
    user = request.user
    device = confirmed_device(user)
    context = {
        **admin.site.each_context(request),
        "title": "Two-factor sign-in",
        "required": required_for(user),
        "next": _next_page(request),
    }
    if device is not None:
        verified = user.is_verified()
        form = CodeForm(request.POST or None, device=device)
        if request.method == "POST" and form.is_valid():
            if not verified:
                otp_login(request, device)
                messages.success(request, "Thank you: you are signed in with two-factor sign-in.")
                return redirect(_next_page(request))
            if context["required"]:
                messages.error(request, "Publishers must keep two-factor sign-in on.")
            else:
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, "Two-factor sign-in is off for your account.")
            return redirect("two_factor")
        context.update({"device": device, "verified": verified, "form": form})
        return TemplateResponse(request, "admin/cyscp/two_factor.html", context)

    # Setting up: one unconfirmed device, kept until it is confirmed, so the
    # QR code stays the same while the member of staff scans it.
    setup = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if setup is None:
        setup = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None, device=setup)
    if request.method == "POST" and form.is_valid():
        setup.confirmed = True
        setup.save(update_fields=["confirmed"])
        otp_login(request, setup)
        messages.success(
            request,
            "Two-factor sign-in is on: from now on, sign in with your password and a code "
            "from the app.",
        )
        return redirect(_next_page(request))
    context.update(
        {"setup": setup, "qr_code": _qr_code(setup), "secret": _secret(setup), "form": form}
    )
    return TemplateResponse(request, "admin/cyscp/two_factor.html", context)


class TwoFactorRequiredMiddleware:
    """With TWO_FACTOR_FOR_PUBLISHERS on, a publisher who has not passed
    two-factor sign-in is sent from every admin page to set it up or enter a
    code. After django-otp's middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.TWO_FACTOR_FOR_PUBLISHERS and request.path.startswith(reverse("admin:index")):
            allowed = {
                reverse("two_factor"),
                reverse("admin:login"),
                reverse("admin:logout"),
                reverse("admin:jsi18n"),
            }
            user = request.user
            if (
                request.path not in allowed
                and user.is_authenticated
                and user.is_staff
                and not passed(user)
            ):
                return redirect(f"{reverse('two_factor')}?{urlencode({'next': request.path})}")
        return self.get_response(request)
