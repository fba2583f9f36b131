"""upgrade: is an app ready for another Python version? Pure decisions over the app's requirements, the package
index's answers (gathered by gather/upgrade.py) and the removed standard-library modules."""
