from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("account/your-data/", views.your_data, name="your_data"),
    path("account/your-data/download/", views.your_data_download, name="your_data_download"),
    path("account/your-data/erase/", views.erase, name="your_data_erase"),
]
