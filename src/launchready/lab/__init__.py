"""Loopback labs: real git repositories, servers and zones that the demo and the tests scan.

Nothing here mocks: a lab builds a real repository with ``git``, serves real HTTP on 127.0.0.1,
answers real DNS on 127.0.0.1. Nothing here ever addresses anything but loopback.
"""
