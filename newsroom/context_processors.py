from django.conf import settings


def site(request):
    """Site-wide names that every template's header, footer and meta tags use."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
