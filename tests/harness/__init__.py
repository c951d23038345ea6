"""Helpers shared by the tiers that run stacks (e2e and team): scratch projects, the emulator's ledger.

``scratch`` builds Pulumi projects whose program declares what a test lists; ``ledger`` reads what
the emulator says happened (purchases, releases) and names its well-known applications;
``waiting`` waits for a condition with a bounded deadline. Nothing here is a test.
"""
