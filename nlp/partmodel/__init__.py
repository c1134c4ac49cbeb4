"""The sentence → part model: features, training, ordered decoding, evaluation.

- :mod:`.features`  text normalisation and the document-level features (numpy/scipy only);
- :mod:`.model`     :class:`PartModel` as arrays + JSON (``to_disk``/``from_disk``), the shipped model
  (``load_shipped``; digest pinned in :mod:`.shipped`);
- :mod:`.fitting`   training with scikit-learn (``fit``), never imported at inference;
- :mod:`.decode`    monotone dynamic-programming decoding with posterior scores;
- :mod:`.data`      weakly labelled reports (labels from headings);
- :mod:`.augment`   variants: headings/tables dropped, flattened, traditional, ASCII punctuation, excerpts;
- :mod:`.baseline`  keyword/rule baseline;
- :mod:`.recipe`    the training sequences and the fitted model + baseline (``train_model``, ``train_pair``);
- :mod:`.train`     ``xxgk train parts`` (:func:`train.train_command`), writes the model card (:mod:`.card`);
- :mod:`.evaluate`  ``xxgk eval parts`` (:func:`evaluate.evaluation`, :func:`evaluate.summary_rows`).

:func:`nlp.partmodel.assign.assign_parts` is the entry point the spaCy component calls.
"""
