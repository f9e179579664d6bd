"""The whole multi-machine stack on one machine (docs/deployment.md, "The
whole stack on one machine"): the servers `make stack` starts for an
operator's look, which the system tests start too. Tooling, not part of the
portal: it imports neither the apps, the tests nor the bench, and starts the
portal only as a subprocess.

- `processes`: free ports, waiting for a server, stopping one;
- `services`: nginx, Varnish, Redis and PgBouncer as the stack runs them;
- `seaweedfs`: the S3 media store;
- `app`: release folders and the app servers started from them;
- `stack`: all of them together (`whole_stack`); `python -m wholestack` runs it.
"""
