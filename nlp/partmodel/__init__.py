"""The sentence → part model: features, training, ordered decoding, evaluation.

- :mod:`.features`  named, picklable analyzers and the document-level feature transformer;
- :mod:`.model`     :class:`PartModel`, training (``fit``), hash-checked loading (``load_model``);
- :mod:`.decode`    monotone dynamic-programming decoding with posterior scores;
- :mod:`.data`      weakly labelled reports (labels from headings);
- :mod:`.augment`   variants: headings/tables dropped, flattened, traditional, ASCII punctuation, excerpts;
- :mod:`.baseline`  keyword/rule baseline;
- :mod:`.train`     ``xxgk train parts`` (:func:`train.train_command`);
- :mod:`.evaluate`  ``xxgk eval parts`` (:func:`evaluate.eval_command`).

:func:`nlp.parts.assign_parts` is the entry point the spaCy component calls.
"""
