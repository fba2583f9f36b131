"""gunicorn's options as a generated table, and argv read the way gunicorn reads it."""
