#!/bin/bash
set -e
python manage.py migrate --no-input
gunicorn --bind=0.0.0.0 --timeout 600 --workers 2 config.wsgi
