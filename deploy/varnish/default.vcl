# Varnish in front of nginx: the stand-in for a CDN (or the CDN itself, on a host of
# its own). It keeps what the app says may be kept, for as long as the app says
# (Cache-Control s-maxage / max-age, stale-while-revalidate as grace), and forgets a
# page when the app sends PURGE for it (Wagtail's frontend cache, on publish).
#
# site.vcl, found on vcl_path beside this file, names the backend (nginx) and the
# `purgers` ACL (the app hosts). deploy/varnish/site.vcl is production's with
# placeholders; `make stack` writes its own.
vcl 4.1;

include "site.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(403, "PURGE is accepted from the app hosts only"));
        }
        # A page's address with any query string: the app purges a page and its usual
        # variants (?page=2, a letter), but cannot list every mix of filters and search
        # on a listing; all of them show the changed page, so all of them go.
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        # POSTs (signing, forms, webhooks) go straight through, cookies and all.
        return (pass);
    }
    if (req.http.Authorization || req.url ~ "^/(admin|healthz)/") {
        return (pass);
    }
    # A signed-in visitor (session) or one with a message waiting sees pages made for
    # them: never from the cache, and never into it.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Everyone else sees the same page: a cached page holds nothing per visitor (its
    # forms fetch their CSRF token from /csrf-token/, which is never cached), so the
    # cookies are not needed to make it and must not split the cache.
    unset req.http.Cookie;
    # Campaign links carry parameters no page reads; one entry serves them all, as in
    # the app's own page cache (core/page_cache.py). `ref` is a signer's referral code
    # (core/attribution.py): the visitor's browser keeps it, no page is made from it.
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|ref)=[^&]*", "\1");
    set req.url = regsuball(req.url, "([?&])&+", "\1");
    set req.url = regsub(req.url, "[?&]+$", "");
    return (hash);
}

sub vcl_hash {
    # The address alone: one site per cache, so a purge for the site's canonical host
    # also clears what was fetched under an alias.
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_response {
    # Only what the app marks public, with a lifetime, and sets no cookie, is kept.
    if (beresp.status >= 500
        || beresp.http.Set-Cookie
        || !beresp.http.Cache-Control
        || beresp.http.Cache-Control !~ "public"
        || beresp.http.Cache-Control !~ "(s-maxage|max-age)=[1-9]"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 30s;
        return (deliver);
    }
    # Browsers are told max-age; a shared cache keeps s-maxage (Varnish reads both, and
    # stale-while-revalidate as grace). Purges end an entry early, found by its path
    # (kept on the object so the ban lurker can drop entries in the background).
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    synthetic(resp.reason);
    return (deliver);
}
