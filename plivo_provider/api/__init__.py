"""plivo_provider.api: the Plivo client layer.

``client`` (the one HTTP chokepoint: retries, deadlines, pacing, answer shapes), ``config``
(every setting, resolved once), ``errors`` (the one error tree), ``models`` (answer shapes),
``pacing`` (the account's rate limit) and ``deadline`` (a total time limit per call). Nothing
here knows Pulumi.
"""
