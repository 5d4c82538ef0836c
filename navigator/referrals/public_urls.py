from django.urls import path

from navigator.referrals import public_views

app_name = "self_referral"
urlpatterns = [
    path("", public_views.start, name="start"),
    path("sent/", public_views.sent, name="sent"),
]
