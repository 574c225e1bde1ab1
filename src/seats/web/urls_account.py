"""Account security: the second sign-in factor of staff (seats.web.account)."""

from django.urls import path

from . import account

urlpatterns = [
    path("accounts/verify/", account.verify, name="mfa_verify"),
    path("accounts/authenticator/", account.enrol, name="mfa_enrol"),
    path("accounts/recovery-codes/", account.recovery_codes, name="mfa_recovery_codes"),
    path("accounts/security/", account.security, name="account_security"),
]
