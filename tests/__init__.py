"""The test tiers, one package so they can share helpers (``from tests.harness.scratch import Program``).

It also keeps ``tests/`` itself off ``sys.path``: a tier folder named like a library (``packaging``)
would otherwise shadow it.
"""
