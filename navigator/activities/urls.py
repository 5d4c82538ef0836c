from django.urls import path

from navigator.activities import views

app_name = "activities"
urlpatterns = [
    path("people/<int:pk>/", views.person_referrals, name="person"),
    path("people/<int:pk>/refer/", views.choose_service, name="choose_service"),
    path("people/<int:pk>/refer/<uuid:service_pk>/", views.referral_create, name="create"),
    path("people/<int:pk>/refer/<uuid:service_pk>/details/", views.take_away, name="take_away"),
    path("people/<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path("people/<int:pk>/preferences/", views.preferences, name="preferences"),
    path("provider/<str:token>/", views.provider_response, name="provider_response"),
    path("provider/<str:token>/attendance/", views.provider_attendance, name="provider_attendance"),
    path("did-you-go/<str:token>/", views.person_attendance, name="person_attendance"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/first-session/", views.first_session, name="first_session"),
    path("<int:pk>/status/<str:status>/", views.referral_move, name="move"),
    path("<int:pk>/accompaniment/", views.accompaniment_create, name="accompany"),
    path("accompaniment/<int:pk>/outcome/", views.accompaniment_outcome, name="outcome"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/<str:status>/", views.respond, name="respond"),
    path("volunteers/", views.volunteer_list, name="volunteers"),
    path("volunteers/<int:pk>/", views.volunteer_profile, name="volunteer"),
    path("visits/", views.my_visits, name="visits"),
]
