from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import restrictions
from cms import views as cms_views
from cms.sitemaps import TranslatedSitemap
from core import views as core_views
from core.page_cache import cacheable

urlpatterns = [
    # Everyone signs in through allauth (email, password, then TOTP for staff).
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailadmin_login_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Django's sitemap view reads `?p=` (the page of a long sitemap).
    path(
        "sitemap.xml",
        cacheable(query_params=["p"])(sitemap),
        {"sitemaps": {"pages": TranslatedSitemap}},  # every page in every language
        name="sitemap",
    ),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    path("csrf-token/", cms_views.csrf_token, name="csrf_token"),
    path("healthz/", cms_views.healthz, name="healthz"),
    path("healthz/db/", cms_views.healthz_db, name="healthz_db"),
    path("healthz/status/", core_views.health_status, name="healthz_status"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What a visitor reads, in every language: English at the addresses it always had,
# the others under /<language>/ (LocaleMiddleware activates it from the prefix).
urlpatterns += i18n_patterns(
    # Accounts exist to manage a listing, so signing up starts at the registration form.
    path(
        "accounts/signup/",
        RedirectView.as_view(pattern_name="supporters:register", query_string=True),
        name="account_signup_redirect",
    ),
    path("share/mastodon/", core_views.share_mastodon, name="share_mastodon"),
    path("accounts/", include("allauth.urls")),
    path("supporters/", include("supporters.urls")),
    # Each app names its own full paths (petition actions, webhooks, checkout).
    path("", include("petitions.urls")),
    path("", include("updates.urls")),
    path("", include("donations.urls")),
    path("", include("trials.urls")),
    # Wagtail's password forms, with a return address that is always an address.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        restrictions.authenticate_with_document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        restrictions.authenticate_with_page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", cms_views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
