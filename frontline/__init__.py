"""frontline: a knowledge base of attacks on UK police officers, read from the news.

This package is the application shell: settings, errors, logging and the CLI.
The stages of the journey live in the top-level packages ``crawlers``, ``nlp``,
``storage``, ``flows`` and ``digest``.
"""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
