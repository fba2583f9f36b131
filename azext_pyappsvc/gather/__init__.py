"""Compose azure/ and source/ into what one command needs, concurrently and once."""
