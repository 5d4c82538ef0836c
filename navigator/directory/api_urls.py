from django.urls import path

from navigator.directory import api_views

app_name = "oruk"
urlpatterns = [
    path("", api_views.index, name="index"),
    path("openapi.json", api_views.openapi, name="openapi"),
    path("services", api_views.service_list, name="services"),
    path("services/<str:pk>", api_views.service_detail, name="service"),
    path(
        "service_at_locations",
        api_views.service_at_location_list,
        name="service_at_locations",
    ),
    path(
        "service_at_locations/<str:pk>",
        api_views.service_at_location_detail,
        name="service_at_location",
    ),
    path("taxonomies", api_views.taxonomy_list, name="taxonomies"),
    path("taxonomies/<str:pk>", api_views.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", api_views.taxonomy_term_list, name="taxonomy_terms"),
    path("taxonomy_terms/<str:pk>", api_views.taxonomy_term_detail, name="taxonomy_term"),
]
