from django.urls import path

from navigator.plans import views

app_name = "plans"
urlpatterns = [
    path("people/<int:pk>/assessments/new/", views.assessment_create, name="assessment_create"),
    path(
        "people/<int:pk>/assessments/<int:assessment_pk>/",
        views.assessment_detail,
        name="assessment_detail",
    ),
    path("people/<int:pk>/plan/", views.plan_detail, name="plan"),
    path("people/<int:pk>/plan/edit/", views.plan_edit, name="plan_edit"),
    path("people/<int:pk>/plan/my-support-plan/", views.my_plan, name="my_plan"),
    path("people/<int:pk>/plan/my-support-plan.pdf", views.my_plan_pdf, name="my_plan_pdf"),
    path("plans/tasks/", views.task_list, name="tasks"),
    path("plans/tasks/<int:pk>/", views.task_detail, name="task"),
    path("plans/settings/life-areas/", views.life_areas, name="life_areas"),
    path("plans/settings/outcome-star/", views.star_settings, name="star_settings"),
]
