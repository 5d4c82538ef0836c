"""The message back to the GP as a letter: the page's template rendered to a tagged PDF, for
downloading and for e-mailing (`navigator.messaging`)."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from navigator.core.pdf import render_pdf
from navigator.referrals.models import Referral


def filename(referral: Referral) -> str:
    return f"message-to-gp-{referral.reference}.pdf"


def render_letter(request: HttpRequest, referral: Referral, content: dict) -> bytes:
    """The PDF of `content` (the case's `GPMessage.content`), rendered by WeasyPrint."""
    html = render_to_string(
        "contacts/gp_message.jinja",
        {"referral": referral, "message": content, "pdf": True, "large": False},
        request=request,
    )
    return render_pdf(request, html, stylesheet="contacts/gp_message.css")
