"""doctor: gather a Snapshot once (gather/doctor.py), run pure checks over it, render the findings apart.

Import the submodules directly (runner, snapshot, render...): this package imports nothing itself, so that
what needs only the Snapshot types (gather/doctor.py, before the network answers) does not load every check.
"""
