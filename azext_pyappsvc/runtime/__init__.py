"""The Python runtime, pure: linuxFxVersion spellings, stacks, what kind of app a site is, set-version's plan."""
