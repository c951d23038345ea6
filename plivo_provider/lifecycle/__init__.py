"""plivo_provider.lifecycle: the machinery every resource runs on.

``provider`` (:class:`~.provider.KindProvider`, the one dynamic-provider lifecycle, and the
:class:`~.provider.Kind` a resource fills in), ``fields`` (field tables), ``planning`` (the diff
rule), ``by_name`` (objects adopted by name and created once), ``claims`` and ``identity`` (whose
number it is), ``once`` (at-most-once calls), ``registry`` (what one ``pulumi`` command's
resources share), ``registration`` (what a resource class does as it registers) and ``console``
(what the person running pulumi reads).
"""
