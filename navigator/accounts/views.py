from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from navigator.accounts import services
from navigator.accounts.forms import (
    OrganisationForm,
    QueuedPasswordResetForm,
    SignInForm,
    TokenForm,
    UserForm,
    UserOrganisationForm,
)
from navigator.accounts.permissions import Permission
from navigator.accounts.selectors import organisations_visible_to, users_visible_to
from navigator.core.views import paginate, requires


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """GET asks "sign out?" (the header links here); POST signs out."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "accounts/logout.jinja")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.jinja"
    form_class = QueuedPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.jinja"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.jinja"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.jinja"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.jinja"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed")
        return super().form_valid(form)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/account.jinja", {"has_two_factor": user_has_device(request.user)}
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is set up")
            return redirect(_safe_next(request))
        form.add_error("token", "That code did not match. Enter the code your app shows now")
    secret = b32encode(device.bin_key).decode()
    qr_code = segno.make(device.config_url).svg_data_uri(scale=5)
    return render(
        request,
        "accounts/two_factor_setup.jinja",
        {"form": form, "secret": secret, "qr_code": qr_code, "next": _safe_next(request)},
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_safe_next(request))
        form.add_error("token", "That code did not match. Enter the code your app shows now")
    return render(
        request, "accounts/two_factor_verify.jinja", {"form": form, "next": _safe_next(request)}
    )


@requires(Permission.MANAGE_USERS)
def user_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, users_visible_to(request.user))
    return render(request, "accounts/user_list.jinja", {"page": page, "Permission": Permission})


@requires(Permission.MANAGE_USERS)
def user_create(request: HttpRequest) -> HttpResponse:
    choose_organisation = request.user.can(Permission.MANAGE_ALL_ORGANISATIONS)
    form = UserForm(request.POST or None, acting_user=request.user)
    organisation_form = UserOrganisationForm(request.POST or None) if choose_organisation else None
    if (
        request.method == "POST"
        and form.is_valid()
        and (organisation_form is None or organisation_form.is_valid())
    ):
        organisation = (
            organisation_form.cleaned_data["organisation"]
            if organisation_form
            else request.user.organisation
        )
        user = services.invite_user(
            organisation=organisation, data=form.cleaned_data, request=request
        )
        messages.success(
            request, f"Account created. {user.email} has been sent a link to set a password"
        )
        return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.jinja",
        {"form": form, "organisation_form": organisation_form, "subject": None},
    )


@requires(Permission.MANAGE_USERS)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(users_visible_to(request.user), pk=pk)
    form = UserForm(request.POST or None, instance=subject, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_user(user=subject, data=form.cleaned_data)
        messages.success(request, "Changes saved")
        return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.jinja",
        {"form": form, "organisation_form": None, "subject": subject},
    )


@requires(Permission.MANAGE_ALL_ORGANISATIONS)
def organisation_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, organisations_visible_to(request.user))
    return render(request, "accounts/organisation_list.jinja", {"page": page})


@requires(Permission.MANAGE_ALL_ORGANISATIONS)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(data=form.cleaned_data)
        messages.success(request, f"{organisation.name} created")
        return redirect("accounts:organisation_list")
    return render(request, "accounts/organisation_form.jinja", {"form": form, "organisation": None})


@requires(Permission.MANAGE_OWN_ORGANISATION)
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(organisation=organisation, data=form.cleaned_data)
        messages.success(request, "Changes saved")
        return redirect("core:home")
    return render(
        request, "accounts/organisation_form.jinja", {"form": form, "organisation": organisation}
    )
