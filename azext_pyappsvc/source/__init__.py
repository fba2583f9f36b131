"""SourceTree: the app's files from a local folder, wwwroot through Kudu or memory; read once through a cache."""
