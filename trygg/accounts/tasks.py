"""Background tasks of the accounts app (django-tasks; run by `manage.py db_worker`).

`send_access_link` e-mails a user a link to choose a password: an invitation for a new account
or a link for a new password ("Glömt lösenordet?" or sent by a coordinator). The token is made
when the mail is sent, from the user's current state, so no credential waits in the task
table; it stops working once the password is set or after PASSWORD_RESET_TIMEOUT.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from trygg.accounts.models import User

logger = logging.getLogger(__name__)


def access_link(user: User) -> str:
    """The absolute link (TRYGG_SITE_URL) to choose a password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.TRYGG_SITE_URL}{path}"


@task()
def send_access_link(user_id: int, kind: str) -> str:
    """Send the invitation ("invite") or the new-password link ("reset") to the user."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return "skipped"
    if not settings.TRYGG_EMAIL_ENABLED:
        logger.warning("e-mail is not configured: no password link sent to user %s", user_id)
        return "skipped"
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "link": access_link(user),
            "site_url": settings.TRYGG_SITE_URL,
            "invite": kind == "invite",
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        subject = render_to_string("registration/access_link_subject.txt", context)
        body = render_to_string("registration/access_link_email.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    return "sent"
