"""The ``gradwork`` command line (its entry point: main.run)."""

import os

from .. import ONE_THREAD

# Before anything imports numpy and Hypothesis: one BLAS thread (see
# graders.ONE_THREAD), and no Hypothesis plugins. A plugin is whatever package of
# the machine registers one, run when Hypothesis is imported; it may register
# strategies or change settings, so a grade would depend on what else happens to
# be installed (and finding them reads every installed package's metadata). Each
# stands unless whoever runs gradwork set it.
for _name, _value in {**ONE_THREAD, "HYPOTHESIS_NO_PLUGINS": "1"}.items():
    os.environ.setdefault(_name, _value)
