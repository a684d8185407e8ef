from django.urls import path

from stats import views

app_name = "statistics"

urlpatterns = [
    path("data/<slug:slug>/", views.dataset_detail, name="dataset-detail"),
    path("figures/<slug:slug>/", views.figure_detail, name="figure-detail"),
]
