from django.urls import path

from navigator.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("cases/<int:pk>/message-back/", views.message_back, name="message_back"),
    path("texts/", views.wording_list, name="wording_list"),
    path("texts/<str:kind>/", views.wording_edit, name="wording_edit"),
    path(
        "texts/<str:kind>/languages/new/",
        views.wording_language_add,
        name="wording_language_add",
    ),
    path(
        "texts/<str:kind>/languages/<int:pk>/",
        views.wording_language_edit,
        name="wording_language_edit",
    ),
    path(
        "texts/<str:kind>/languages/<int:pk>/remove/",
        views.wording_language_remove,
        name="wording_language_remove",
    ),
    path("notify/delivery-receipts", views.delivery_receipt, name="delivery_receipt"),
    path("notify/received-texts", views.received_text, name="received_text"),
]
