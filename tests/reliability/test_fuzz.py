"""The fuzz test: every built-in source adapter, fed its own formats gone wrong.

For each adapter, hypothesis mutates seeds of its format (see fuzzing.py) and runs the
result through decoding, that adapter forced (`--from`), another adapter forced, and
detection, then writes every record with every built-in writer. Only a `BibnormError`
may come out, never a built-in's own exception; a parse yields nothing but records,
failed records and deletions; every item kept passes its writer's schema.

In CI the run is small and the same every time (derandomized). To fuzz longer, give
the number of examples per test, which also makes each run random (or repeatable with
a seed):

    BIBNORM_FUZZ_EXAMPLES=20000 pytest tests/reliability/test_fuzz.py [--hypothesis-seed=N]
"""

from __future__ import annotations

import os
from functools import cache

import pytest
from fuzzing import exercise, fuzzed_input, random_input, source_names
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibnorm.manager import PluginHost, create_host

EXAMPLES_VARIABLE = "BIBNORM_FUZZ_EXAMPLES"
# Sized so that the whole file runs in well under a minute in CI.
CI_EXAMPLES = 100
LONG_RUN = EXAMPLES_VARIABLE in os.environ

FUZZ = settings(
    max_examples=int(os.environ.get(EXAMPLES_VARIABLE, CI_EXAMPLES)),
    deadline=None,
    derandomize=not LONG_RUN,
    # A long run keeps what it found in hypothesis's database, to replay it next time.
    database=settings.default.database if LONG_RUN else None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
SOURCES = source_names()


@cache
def builtin_host() -> PluginHost:
    """Only the built-ins, whatever is installed: plugins are not what is fuzzed here."""
    return create_host(autoload=False)


@pytest.mark.parametrize("source_name", SOURCES)
@FUZZ
@given(data=st.data())
def test_adapter_survives_fuzzed_input(source_name: str, data: st.DataObject) -> None:
    host = builtin_host()
    host.problems.clear()
    fuzzed = data.draw(fuzzed_input(source_name), label="input")
    other = data.draw(st.sampled_from([n for n in SOURCES if n != source_name]), label="other")
    exercise(fuzzed, host, [source_name, other, None])


@FUZZ
@given(data=random_input())
def test_every_adapter_survives_random_input(data: bytes) -> None:
    host = builtin_host()
    host.problems.clear()
    exercise(data, host, [*SOURCES, None])
