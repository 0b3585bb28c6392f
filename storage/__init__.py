"""The knowledge base: SQLAlchemy models, migrations and the functions that read and write it."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
