from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("<int:year>/<str:month>/<str:day>/<slug:slug>/", views.article_detail, name="article-detail"),
    path("sections/<slug:slug>/", views.section_detail, name="section-detail"),
    path("topics/<slug:slug>/", views.tag_detail, name="tag-detail"),
    path("authors/<slug:slug>/", views.author_detail, name="author-detail"),
]

urlpatterns += [
    path("preview/articles/<int:pk>/", views.article_preview, name="article-preview"),
]
