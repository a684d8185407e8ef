from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("<int:year>/<str:month>/<str:day>/<slug:slug>/", views.article_detail, name="article-detail"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section-detail"),
    path("sections/<slug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("topics/<slug:slug>/", views.TagView.as_view(), name="tag-detail"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
]

urlpatterns += [
    path("preview/articles/<int:pk>/", views.article_preview, name="article-preview"),
]
