"""Gunicorn's settings wherever it is started from the project's folder (the Docker image, the
benchmarks, the tests that start servers): gunicorn reads ./gunicorn.conf.py by default.

No control socket: nothing here uses ``gunicornc``, and every gunicorn on a machine would
otherwise claim the same default path ($HOME/.gunicorn/gunicorn.ctl), so a second server logs
"already in use" into its error log."""

control_socket_disable = True
