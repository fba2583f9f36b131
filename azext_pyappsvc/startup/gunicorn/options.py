# GENERATED FILE - do not edit by hand.
# Written by scripts/generate_gunicorn_options.py from gunicorn 27.0.1's
# gunicorn.config.KNOWN_SETTINGS. Regenerate with
#     python scripts/generate_gunicorn_options.py
# tests/unit/startup/gunicorn/test_options.py fails when this table drifts from the
# installed gunicorn.
"""gunicorn's command-line options as data (why: see azext_pyappsvc/startup/command.py).

Each entry: setting name -> flags, arity ("none" | "one" | "optional"), value
type ("str" | "int" | "auto_int"), non_negative (gunicorn refuses values < 0),
exits (gunicorn prints something and exits instead of serving).
"""

GUNICORN_VERSION = "27.0.1"

GUNICORN_OPTIONS: dict[str, dict] = {
    "access_log_format": {
        "flags": ("--access-logformat",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "accesslog": {
        "flags": ("--access-logfile",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "asgi_disconnect_grace_period": {
        "flags": ("--asgi-disconnect-grace-period",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "asgi_lifespan": {
        "flags": ("--asgi-lifespan",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "asgi_loop": {
        "flags": ("--asgi-loop",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "backlog": {
        "flags": ("--backlog",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "bind": {
        "flags": ("-b", "--bind"), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "ca_certs": {
        "flags": ("--ca-certs",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "capture_output": {
        "flags": ("--capture-output",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "casefold_http_method": {
        "flags": ("--casefold-http-method",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "cert_reqs": {
        "flags": ("--cert-reqs",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "certfile": {
        "flags": ("--certfile",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "chdir": {
        "flags": ("--chdir",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "check_config": {
        "flags": ("--check-config",), "arity": "none", "type": "str",
        "non_negative": False, "exits": True,
    },
    "ciphers": {
        "flags": ("--ciphers",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "config": {
        "flags": ("-c", "--config"), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "control_socket": {
        "flags": ("--control-socket",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "control_socket_disable": {
        "flags": ("--no-control-socket",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "control_socket_mode": {
        "flags": ("--control-socket-mode",), "arity": "one", "type": "auto_int",
        "non_negative": True, "exits": False,
    },
    "daemon": {
        "flags": ("-D", "--daemon"), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "dirty_apps": {
        "flags": ("--dirty-app",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "dirty_graceful_timeout": {
        "flags": ("--dirty-graceful-timeout",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "dirty_threads": {
        "flags": ("--dirty-threads",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "dirty_timeout": {
        "flags": ("--dirty-timeout",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "dirty_workers": {
        "flags": ("--dirty-workers",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "disable_redirect_access_to_syslog": {
        "flags": ("--disable-redirect-access-to-syslog",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "do_handshake_on_connect": {
        "flags": ("--do-handshake-on-connect",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "dogstatsd_tags": {
        "flags": ("--dogstatsd-tags",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "enable_backlog_metric": {
        "flags": ("--enable-backlog-metric",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "enable_stdio_inheritance": {
        "flags": ("-R", "--enable-stdio-inheritance"), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "errorlog": {
        "flags": ("--error-logfile", "--log-file"), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "forwarded_allow_ips": {
        "flags": ("--forwarded-allow-ips",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "forwarder_headers": {
        "flags": ("--forwarder-headers",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "graceful_timeout": {
        "flags": ("--graceful-timeout",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "group": {
        "flags": ("-g", "--group"), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "header_map": {
        "flags": ("--header-map",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "help": {
        "flags": ("-h", "--help"), "arity": "none", "type": "str",
        "non_negative": False, "exits": True,
    },
    "http2_cleartext": {
        "flags": ("--http2-cleartext",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "http2_initial_window_size": {
        "flags": ("--http2-initial-window-size",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "http2_max_concurrent_streams": {
        "flags": ("--http2-max-concurrent-streams",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "http2_max_frame_size": {
        "flags": ("--http2-max-frame-size",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "http2_max_header_list_size": {
        "flags": ("--http2-max-header-list-size",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "http_parser": {
        "flags": ("--http-parser",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "http_protocols": {
        "flags": ("--http-protocols",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "initgroups": {
        "flags": ("--initgroups",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "keepalive": {
        "flags": ("--keep-alive",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "keyfile": {
        "flags": ("--keyfile",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "limit_request_field_size": {
        "flags": ("--limit-request-field_size",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "limit_request_fields": {
        "flags": ("--limit-request-fields",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "limit_request_line": {
        "flags": ("--limit-request-line",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "logconfig": {
        "flags": ("--log-config",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "logconfig_json": {
        "flags": ("--log-config-json",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "logger_class": {
        "flags": ("--logger-class",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "loglevel": {
        "flags": ("--log-level",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "max_requests": {
        "flags": ("--max-requests",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "max_requests_jitter": {
        "flags": ("--max-requests-jitter",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "paste": {
        "flags": ("--paste", "--paster"), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "permit_obsolete_folding": {
        "flags": ("--permit-obsolete-folding",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "permit_unconventional_http_method": {
        "flags": ("--permit-unconventional-http-method",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "permit_unconventional_http_version": {
        "flags": ("--permit-unconventional-http-version",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "pidfile": {
        "flags": ("-p", "--pid"), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "preload_app": {
        "flags": ("--preload",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "print_config": {
        "flags": ("--print-config",), "arity": "none", "type": "str",
        "non_negative": False, "exits": True,
    },
    "proc_name": {
        "flags": ("-n", "--name"), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "protocol": {
        "flags": ("--protocol",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "proxy_allow_ips": {
        "flags": ("--proxy-allow-from",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "proxy_protocol": {
        "flags": ("--proxy-protocol",), "arity": "optional", "type": "str",
        "non_negative": False, "exits": False,
    },
    "pythonpath": {
        "flags": ("--pythonpath",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "raw_env": {
        "flags": ("-e", "--env"), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "raw_paste_global_conf": {
        "flags": ("--paste-global",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "reload": {
        "flags": ("--reload",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "reload_engine": {
        "flags": ("--reload-engine",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "reload_extra_files": {
        "flags": ("--reload-extra-file",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "reuse_port": {
        "flags": ("--reuse-port",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "root_path": {
        "flags": ("--root-path",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "sendfile": {
        "flags": ("--no-sendfile",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "spew": {
        "flags": ("--spew",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "ssl_version": {
        "flags": ("--ssl-version",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "statsd_host": {
        "flags": ("--statsd-host",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "statsd_prefix": {
        "flags": ("--statsd-prefix",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "strip_header_spaces": {
        "flags": ("--strip-header-spaces",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "suppress_ragged_eofs": {
        "flags": ("--suppress-ragged-eofs",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "syslog": {
        "flags": ("--log-syslog",), "arity": "none", "type": "str",
        "non_negative": False, "exits": False,
    },
    "syslog_addr": {
        "flags": ("--log-syslog-to",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "syslog_facility": {
        "flags": ("--log-syslog-facility",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "syslog_prefix": {
        "flags": ("--log-syslog-prefix",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "threads": {
        "flags": ("--threads",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "timeout": {
        "flags": ("-t", "--timeout"), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "umask": {
        "flags": ("-m", "--umask"), "arity": "one", "type": "auto_int",
        "non_negative": True, "exits": False,
    },
    "user": {
        "flags": ("-u", "--user"), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "uwsgi_allow_ips": {
        "flags": ("--uwsgi-allow-from",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "version": {
        "flags": ("-v", "--version"), "arity": "none", "type": "str",
        "non_negative": False, "exits": True,
    },
    "websocket_max_message_size": {
        "flags": ("--websocket-max-message-size",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "worker_class": {
        "flags": ("-k", "--worker-class"), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "worker_connections": {
        "flags": ("--worker-connections",), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
    "worker_tmp_dir": {
        "flags": ("--worker-tmp-dir",), "arity": "one", "type": "str",
        "non_negative": False, "exits": False,
    },
    "workers": {
        "flags": ("-w", "--workers"), "arity": "one", "type": "int",
        "non_negative": True, "exits": False,
    },
}
