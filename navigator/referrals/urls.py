from django.urls import path

from navigator.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.referral_create, name="create"),
    path("sent/", views.referral_sent, name="sent"),
    path("yours/", views.referrals_made, name="made"),
    path("waiting-list/", views.waiting_list, name="waiting_list"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/accept/", views.referral_accept, name="accept"),
    path("<int:pk>/decline/", views.referral_decline, name="decline"),
    path("<int:pk>/ask-for-more/", views.referral_request_info, name="request_info"),
    path("<int:pk>/information-received/", views.referral_info_received, name="info_received"),
    path("<int:pk>/attach/", views.referral_attach, name="attach"),
    path("<int:pk>/new-record/", views.referral_new_person, name="new_person"),
    path("<int:pk>/allocate/", views.referral_allocate, name="allocate"),
    path("<int:pk>/waiting-list/", views.referral_wait, name="wait"),
    path("onward/<int:person_pk>/", views.refer_onward, name="onward"),
    path("onward/<int:person_pk>/sent/", views.onward_sent, name="onward_sent"),
    path("reasons/", views.reason_list, name="reasons"),
    path("reasons/<int:pk>/", views.reason_edit, name="reason_edit"),
    path("emails/", views.email_templates, name="emails"),
]
