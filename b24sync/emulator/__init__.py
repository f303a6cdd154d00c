"""A local Bitrix24 portal for tests, benchmarks and the demo (issue A, section 3).

>>> from b24sync.emulator import PortalEmulator
>>> with PortalEmulator(snapshot) as emu:      # doctest: +SKIP
...     url = emu.url                          # http://127.0.0.1:<port>/rest/1/<code>/
...     emu.mutations.add_deal(title="New", opportunity=1000.0)

Modules: :mod:`.registry` (the ``@method`` decorator and the handler context),
:mod:`.read_methods`, :mod:`.listing` (paging/filter/order/select), :mod:`.filters`,
:mod:`.tables` (indexed storage), :mod:`.batch`, :mod:`.limits`, :mod:`.faults`,
:mod:`.mutations`, :mod:`.server` (HTTP), :mod:`.core` (:class:`PortalEmulator`).
"""

from __future__ import annotations

from b24sync.emulator import read_methods as _read_methods  # noqa: F401  (registers methods)
from b24sync.emulator.core import PortalEmulator
from b24sync.emulator.registry import ApiError, CallContext, method

__all__ = ["ApiError", "CallContext", "PortalEmulator", "method"]
