#!/bin/sh
python manage.py migrate --noinput
gunicorn --bind=0.0.0.0 --timeout 600 mysite.wsgi
