"""Views for people in notebooks: the CJK font for plots (:mod:`nlp.view.plotting`) and displaCy
renderings of a report with Chinese kept contiguous (:mod:`nlp.view.display`)."""
