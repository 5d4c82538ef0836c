from django.urls import path

from navigator.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("gp-practices/", views.practice_list, name="practice_list"),
    path("gp-practices/<str:ods_code>/", views.practice_email, name="practice_email"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/timeline/", views.person_timeline, name="timeline"),
    path("<int:pk>/family/new/", views.family_member_add, name="family_add"),
    path("<int:pk>/family/<int:member_pk>/edit/", views.family_member_edit, name="family_edit"),
    path(
        "<int:pk>/family/<int:member_pk>/remove/",
        views.family_member_remove,
        name="family_remove",
    ),
    path("<int:pk>/merge/", views.person_merge, name="merge"),
    path("<int:pk>/duplicate/", views.person_flag_duplicate, name="flag_duplicate"),
    path(
        "<int:pk>/duplicate/<int:other_pk>/",
        views.person_flag_duplicate_confirm,
        name="flag_duplicate_confirm",
    ),
    path("<int:pk>/merge/<int:other_pk>/", views.person_merge_confirm, name="merge_confirm"),
]
