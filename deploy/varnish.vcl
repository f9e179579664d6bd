# Varnish (Debian's varnish 7.1 with varnish-modules' xkey) between nginx and
# the app servers, as docs/deployment.md draws it ("Varnish in front"): it keeps
# public pages as long as their s-maxage says, indexed by their surrogate keys,
# and drops exactly those the app's PURGE names (pagecache/front.py). Started
# unprivileged from a folder holding this file and site.vcl:
#
#   varnishd -F -j none -n /path/to/workdir -a 127.0.0.1:6081 \
#     -f /path/to/varnish.vcl -p vcl_path=/path/to/folder -s malloc,256m
#
# site.vcl holds what differs per machine: one `backend` per app server, each
# added to the director in a `sub vcl_init` (Varnish runs every definition of
# a sub, in order), and the `acl purgers` of the app servers' addresses, e.g.
#
#   backend app1 { .host = "10.0.0.11"; .port = "8001"; .probe = readyz; }
#   sub vcl_init { portal.add_backend(app1); }
#   acl purgers { "10.0.0.11"; "10.0.0.12"; }
#
# Behind nginx, the app servers run with TRUSTED_PROXY_COUNT=2: nginx and
# Varnish each append one X-Forwarded-For entry.

vcl 4.1;

import directors;
import xkey;

probe readyz {
    .url = "/readyz";
    .interval = 5s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

sub vcl_init {
    new portal = directors.round_robin();
}

include "site.vcl";

sub vcl_recv {
    set req.backend_hint = portal.backend();
    unset req.http.X-Front;
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        # Hard: the purged pages are gone, not kept to be served stale.
        return (synth(200, "Purged " + xkey.purge(req.http.xkey-purge)));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff (a session), a flash message to show, an authenticated client:
    # the app's answer is theirs alone, never looked up nor stored.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Any other cookie (a CSRF token) does not change a public page.
    unset req.http.Cookie;
    # Readers taking gzip and the others get a copy each (vcl_hash), the
    # one stored gzipped, the other plain: no hit is unzipped for a reader.
    if (req.http.Accept-Encoding ~ "gzip") {
        set req.http.X-Accept-Gzip = "1";
    } else {
        unset req.http.X-Accept-Gzip;
    }
    return (hash);
}

sub vcl_hash {
    if (req.http.X-Accept-Gzip) {
        hash_data("gzip");
    }
    # Then the built-in vcl_hash: the address and the host.
}

sub vcl_pass {
    set req.http.X-Front = "pass";
}

sub vcl_backend_fetch {
    unset bereq.http.X-Front;
}

sub vcl_backend_response {
    # Only what the app says a shared cache may keep (pagecache/front.py):
    # previews, staff pages, per-reader answers and anything setting a cookie
    # carry no s-maxage, or private / no-store.
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "s-maxage"
        || beresp.http.Cache-Control ~ "private|no-store") {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # xkey indexes objects by the xkey header; the app names its keys in
    # Surrogate-Key. The grace (stale-while-revalidate) is Varnish's own
    # reading of Cache-Control: it applies only once a page expires, and a
    # purge removes a page with its grace.
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    # The copy for readers taking gzip is compressed once, as it is stored;
    # the plain copy is stored as the app sent it (Varnish's own Vary
    # handling ignores Accept-Encoding: the hash keeps the copies apart, the
    # Vary header tells browsers and other caches).
    if (beresp.http.Content-Type ~ "^(text/|application/(json|rss\+xml|atom\+xml|xml))") {
        if (!beresp.http.Vary) {
            set beresp.http.Vary = "Accept-Encoding";
        } elsif (beresp.http.Vary !~ "(?i)Accept-Encoding") {
            set beresp.http.Vary = beresp.http.Vary + ", Accept-Encoding";
        }
        if (bereq.http.X-Accept-Gzip) {
            set beresp.do_gzip = true;
        }
    }
    return (deliver);
}

sub vcl_deliver {
    # The keys are the front's business; browsers revalidate every time, and
    # a cache beyond this one, which no purge reaches, must not keep pages.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = "public, no-cache";
    }
    if (req.http.X-Front == "pass") {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
