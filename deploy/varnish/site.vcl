# Production's site.vcl (placeholders): where nginx is, and which hosts may PURGE.
# Put it beside default.vcl; `varnishd -f /etc/varnish/default.vcl`.

backend default {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .probe = {
        .url = "/healthz/proxy";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
    }
}

# The app hosts: publishing sends PURGE from each (FRONTEND_CACHE_URL points here).
acl purgers {
    "10.0.0.11";
    "10.0.0.12";
}
