from django.urls import path

from navigator.activities import views

app_name = "activities"
urlpatterns = [
    path("people/<int:pk>/", views.person_referrals, name="person"),
    path("people/<int:pk>/refer/", views.choose_service, name="choose_service"),
    path("people/<int:pk>/refer/<uuid:service_pk>/", views.referral_create, name="create"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/status/<str:status>/", views.referral_move, name="move"),
    path("<int:pk>/accompaniment/", views.accompaniment_create, name="accompany"),
    path("accompaniment/<int:pk>/outcome/", views.accompaniment_outcome, name="outcome"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/<str:status>/", views.respond, name="respond"),
    path("volunteers/", views.volunteer_list, name="volunteers"),
    path("volunteers/<int:pk>/", views.volunteer_profile, name="volunteer"),
    path("visits/", views.my_visits, name="visits"),
]
