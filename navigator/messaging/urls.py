from django.urls import path

from navigator.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("cases/<int:pk>/message-back/", views.message_back, name="message_back"),
    path("texts/", views.wording_list, name="wording_list"),
    path("texts/<str:kind>/", views.wording_edit, name="wording_edit"),
    path("notify/delivery-receipts", views.delivery_receipt, name="delivery_receipt"),
    path("notify/received-texts", views.received_text, name="received_text"),
]
