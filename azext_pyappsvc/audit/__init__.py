"""The fleet view: every Python app a user can see, from Azure Resource Graph rows (pure)."""
