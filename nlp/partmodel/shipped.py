"""The sha256 of the part model shipped in ``nlp/data/parts`` (see :func:`nlp.partmodel.model.model_digest`).

Pinned here, in the code, rather than in a file beside the model: whoever can replace the model
files cannot make them pass by replacing a sidecar too. Retraining never changes this value;
shipping a new model means copying its folder into ``nlp/data/parts`` and updating this line
with the digest ``xxgk train parts`` prints.
"""

SHA256 = "f15c223db142f69a77de8a9d902e625cab9de0a925dd5e303d4bbaa052b48c2c"
