from django.urls import path

from stats import views

app_name = "statistics"

urlpatterns = [
    path("data/<slug:slug>/", views.dataset_detail, name="dataset-detail"),
    path("data/<slug:slug>/data.csv", views.dataset_csv, name="dataset-csv"),
    path("data/<slug:slug>/data.json", views.dataset_json, name="dataset-json"),
    path("figures/<slug:slug>/", views.figure_detail, name="figure-detail"),
    path("figures/<slug:slug>/embed/", views.figure_embed, name="figure-embed"),
    path("figures/<slug:slug>/data.csv", views.figure_csv, name="figure-csv"),
    path("figures/<slug:slug>/data.json", views.figure_json, name="figure-json"),
    path("oembed", views.oembed, name="oembed"),
]
