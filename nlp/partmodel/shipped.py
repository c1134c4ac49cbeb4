"""The sha256 of the part model shipped in ``nlp/data/parts`` (see :func:`nlp.partmodel.model.model_digest`).

Pinned here, in the code, rather than in a file beside the model: whoever can replace the model
files cannot make them pass by replacing a sidecar too. Retraining never changes this value;
shipping a new model means copying its folder into ``nlp/data/parts`` and updating this line
with the digest ``xxgk train parts`` prints.
"""

SHA256 = "775a30af4920dff064750a787b5fdac43ca5ec8bd555d02b7a1f0be432cf63bc"
