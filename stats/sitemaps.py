"""Dataset and figure pages in sitemap.xml: readers find the data from search engines too."""

from django.contrib.sitemaps import Sitemap

from stats.models import Dataset, Figure


class DatasetSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Dataset.objects.only("slug", "updated_at").order_by("slug")

    def lastmod(self, item: Dataset):
        return item.updated_at


class FigureSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        # A figure's page shows its dataset's current data, so it changes when either does.
        return (
            Figure.objects.published()
            .select_related("dataset")
            .only("slug", "updated_at", "dataset__updated_at")
            .order_by("slug")
        )

    def lastmod(self, item: Figure):
        return max(item.updated_at, item.dataset.updated_at)


sitemaps = {"datasets": DatasetSitemap, "figures": FigureSitemap}
