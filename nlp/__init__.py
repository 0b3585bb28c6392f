"""The nlp/ stage: read UK news and extract attacks on police officers.

Public entry points: :func:`nlp.pipeline.build_nlp`, :class:`nlp.extractor.Extractor`,
:mod:`nlp.contract` (the JSON contract) and :mod:`nlp.gazetteer`. The spaCy
factories (``frontline_*``) live in :mod:`nlp.components` and are registered when
:mod:`nlp.pipeline` is imported (and through the ``spacy_factories`` entry points),
so importing the value types in :mod:`nlp.mentions` stays cheap.
"""
