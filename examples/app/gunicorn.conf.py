# gunicorn reads ./gunicorn.conf.py (the working directory is /app) besides the command's options.

# On SIGTERM gunicorn stops accepting connections and lets requests in progress finish for up to graceful_timeout
# seconds. ECS kills the container 30 seconds after SIGTERM (the Django service's stop timeout), so finish before.
graceful_timeout = 25
