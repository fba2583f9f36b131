"""A startup command, pure: parse, build and lint it; predict what App Service runs, by Oryx's rules."""
