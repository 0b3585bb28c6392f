"""Turning the attack statements of one article into incidents, field by field.

``frontline_incidents`` (:mod:`nlp.components.incidents`) calls these in turn:

* :mod:`nlp.incidents.reading`: the per-document view every reader shares (the groups,
  which attack words share a sentence, the scene places of an attack);
* :mod:`nlp.incidents.grouping`: which statements are one attack;
* one reader per field: :mod:`~nlp.incidents.force`, :mod:`~nlp.incidents.location`,
  :mod:`~nlp.incidents.weapons`, :mod:`~nlp.incidents.dates`,
  :mod:`~nlp.incidents.officers`, :mod:`~nlp.incidents.severity`. Each returns its value
  and the sentence it was read from (the evidence).
"""
