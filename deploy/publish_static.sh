#!/bin/sh
# Add this release's collected static files to the shared static folder that
# nginx (or a CDN in front of it) serves at /static/, keeping every earlier
# release's: during a rolling deploy, pages rendered by either release link
# files that must all be there. docs/deployment.md, "Rolling deploys".
#
#   deploy/publish_static.sh /srv/vpcp/static            # from the release's checkout,
#                                                        # after manage.py collectstatic
set -eu
shared=${1:?usage: deploy/publish_static.sh SHARED_FOLDER [RELEASE_STATIC_ROOT]}
release=${2:-staticfiles}
test -f "$release/staticfiles.json" || {
  echo "$release has no staticfiles.json: run manage.py collectstatic first" >&2
  exit 1
}
mkdir -p "$shared"
# Content-hashed names never clash between releases; nothing is deleted here
# (see the pruning in docs/deployment.md). Each server reads the manifest of
# its own release's STATIC_ROOT, never the shared copy.
cp -a "$release/." "$shared/"
echo "Published $release into $shared"
