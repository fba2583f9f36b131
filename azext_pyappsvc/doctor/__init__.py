"""doctor: gather a Snapshot once (the gateway), run pure checks over it, render the findings apart.

Import the submodules directly (runner, snapshot, render...): this package imports nothing itself, so that
commands which need only the Snapshot types (Kudu's probe) do not load every check.
"""
