from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from navigator.accounts import services
from navigator.accounts.forms import (
    ChangePasswordForm,
    NewPasswordForm,
    OrganisationForm,
    QueuedPasswordResetForm,
    SignInForm,
    TeamForm,
    TokenForm,
    UserForm,
)
from navigator.accounts.http import SignedInRequest, own_organisation
from navigator.accounts.permissions import Permission
from navigator.accounts.selectors import (
    organisations_visible_to,
    teams_visible_to,
    teams_with_members,
    users_visible_to,
    users_without_team,
)
from navigator.core.clients import client_ip
from navigator.core.concurrency import save_unless_stale
from navigator.core.ratelimit import RateLimit
from navigator.core.views import paginate, posted, requires


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """GET asks "sign out?" (the header links here); POST signs out."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "accounts/logout.jinja")


# Enough for someone who mistypes or loses an e-mail; too few to flood an inbox with.
RESETS_PER_ADDRESS = RateLimit("password-reset-address", 3, 60 * 60)
RESETS_PER_CLIENT = RateLimit("password-reset-client", 10, 60 * 60)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.jinja"
    form_class = QueuedPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        # Both are counted every time. Past either limit nothing is sent, and the page is the
        # one a sent link shows, so it tells nobody which addresses have accounts.
        address_within = RESETS_PER_ADDRESS.take(form.cleaned_data["email"].casefold())
        client_within = RESETS_PER_CLIENT.take(client_ip(self.request))
        if address_within and client_within:
            return super().form_valid(form)
        return redirect(self.success_url)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.jinja"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.jinja"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: auth_forms.SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        services.password_was_reset(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.jinja"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.jinja"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: auth_forms.PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, "Your password has been changed")
        return super().form_valid(form)


def _safe_next(request: HttpRequest) -> str:
    """Where to go after two-factor sign-in: `next` if it stays on this site, else home."""
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _next_query(request: HttpRequest) -> str:
    return urlencode({"next": _safe_next(request)})


@login_required
def account(request: SignedInRequest) -> HttpResponse:
    return render(
        request, "accounts/account.jinja", {"has_two_factor": user_has_device(request.user)}
    )


@login_required
def two_factor_setup(request: SignedInRequest) -> HttpResponse:
    if user_has_device(request.user):
        # Someone who has only the password must not swap in an authenticator of their own.
        if not request.user.is_verified():
            return redirect(f"{reverse('accounts:two_factor_verify')}?{_next_query(request)}")
        messages.success(request, "Two-factor sign-in is already set up")
        return redirect("accounts:account")
    device = services.unconfirmed_device(user=request.user)
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        refusal = services.check_code(device, form.cleaned_data["token"])
        if not refusal:
            services.confirm_device(device=device)
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is set up")
            return redirect(_safe_next(request))
        form.add_error("token", refusal)
    secret = b32encode(device.bin_key).decode()
    qr_code = segno.make(device.config_url).svg_data_uri(scale=5)
    return render(
        request,
        "accounts/two_factor_setup.jinja",
        {"form": form, "secret": secret, "qr_code": qr_code, "next": _safe_next(request)},
    )


@login_required
def two_factor_verify(request: SignedInRequest) -> HttpResponse:
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        refusals = []
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            refusal = services.check_code(device, form.cleaned_data["token"])
            if not refusal:
                otp_login(request, device)
                return redirect(_safe_next(request))
            refusals.append(refusal)
        # A reason other than "did not match" is the more useful one to show.
        form.add_error(
            "token",
            next((why for why in refusals if why != services.WRONG_CODE), services.WRONG_CODE),
        )
    return render(
        request, "accounts/two_factor_verify.jinja", {"form": form, "next": _safe_next(request)}
    )


@requires(Permission.MANAGE_USERS)
def user_list(request: SignedInRequest) -> HttpResponse:
    page = paginate(request, users_visible_to(request.user))
    return render(request, "accounts/user_list.jinja", {"page": page, "Permission": Permission})


@requires(Permission.MANAGE_USERS)
def user_create(request: SignedInRequest) -> HttpResponse:
    form = UserForm(posted(request), acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.model_changes()
        organisation = data.pop("organisation", request.user.organisation)
        user = services.invite_user(organisation=organisation, data=data)
        messages.success(
            request, f"Account created. {user.email} has been sent a link to set a password"
        )
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.jinja", {"form": form, "subject": None})


@requires(Permission.MANAGE_USERS)
def user_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(users_visible_to(request.user), pk=pk)
    # The form changes its own copy, so a refused change leaves the page's title alone.
    form = UserForm(
        posted(request),
        instance=users_visible_to(request.user).get(pk=pk),
        acting_user=request.user,
    )
    refusal = None
    if request.method == "POST" and form.is_valid():
        refusal = save_unless_stale(
            form,
            lambda expected_version: services.update_user(
                user=subject, expected_version=expected_version, data=form.model_changes()
            ),
        )
        if refusal is None:
            messages.success(request, "Changes saved")
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.jinja",
        {"form": form, "subject": subject, "refusal": refusal},
    )


@requires(Permission.MANAGE_USERS)
def team_list(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "accounts/team_list.jinja",
        {
            "teams": teams_with_members(request.user),
            "without_team": users_without_team(request.user),
            "everywhere": request.user.can(Permission.MANAGE_ALL_ORGANISATIONS),
        },
    )


@requires(Permission.MANAGE_USERS)
def team_create(request: SignedInRequest) -> HttpResponse:
    form = TeamForm(posted(request), acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        # An administrator chooses the organisation (the form requires it); a manager's is theirs.
        organisation = form.cleaned_data.get("organisation") or own_organisation(request)
        team = services.create_team(organisation=organisation, name=form.cleaned_data["name"])
        messages.success(request, f"Team {team.name} added")
        return redirect("accounts:team_list")
    return render(request, "accounts/team_form.jinja", {"form": form, "team": None})


@requires(Permission.MANAGE_USERS)
def team_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(teams_visible_to(request.user), pk=pk)
    form = TeamForm(posted(request), acting_user=request.user, team=team)
    refusal = None
    if request.method == "POST" and form.is_valid():
        refusal = save_unless_stale(
            form,
            lambda expected_version: services.rename_team(
                team=team, expected_version=expected_version, name=form.cleaned_data["name"]
            ),
        )
        if refusal is None:
            messages.success(request, "Team renamed")
            return redirect("accounts:team_list")
    return render(
        request, "accounts/team_form.jinja", {"form": form, "team": team, "refusal": refusal}
    )


@requires(Permission.MANAGE_ALL_ORGANISATIONS)
def organisation_list(request: SignedInRequest) -> HttpResponse:
    page = paginate(request, organisations_visible_to(request.user))
    return render(request, "accounts/organisation_list.jinja", {"page": page})


@requires(Permission.MANAGE_ALL_ORGANISATIONS)
def organisation_create(request: SignedInRequest) -> HttpResponse:
    form = OrganisationForm(posted(request), acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(data=form.model_changes())
        messages.success(request, f"{organisation.name} created")
        return redirect("accounts:organisation_list")
    return render(request, "accounts/organisation_form.jinja", {"form": form, "organisation": None})


@requires(Permission.MANAGE_OWN_ORGANISATION)
def organisation_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    # The form changes its own copy, so a refused change leaves the page's title alone.
    form = OrganisationForm(
        posted(request),
        instance=organisations_visible_to(request.user).get(pk=pk),
        acting_user=request.user,
    )
    refusal = None
    if request.method == "POST" and form.is_valid():
        refusal = save_unless_stale(
            form,
            lambda expected_version: services.update_organisation(
                organisation=organisation,
                expected_version=expected_version,
                data=form.model_changes(),
            ),
        )
        if refusal is None:
            messages.success(request, "Changes saved")
            if request.user.can(Permission.MANAGE_ALL_ORGANISATIONS):
                return redirect("accounts:organisation_list")
            return redirect("core:home")
    return render(
        request,
        "accounts/organisation_form.jinja",
        {"form": form, "organisation": organisation, "refusal": refusal},
    )
