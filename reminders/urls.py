from django.urls import path

from . import views

urlpatterns = [
    path("account/reminders/", views.reminder_preferences, name="reminder_preferences"),
]
