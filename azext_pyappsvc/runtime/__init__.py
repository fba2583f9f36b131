"""The Python runtime, pure: linuxFxVersion spellings and stacks, what kind of app a site is, set-version's decisions."""
