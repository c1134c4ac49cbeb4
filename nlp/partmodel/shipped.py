"""The sha256 of the part model shipped in ``nlp/data/parts`` (see :func:`nlp.partmodel.model.model_digest`).

Pinned here, in the code, rather than in a file beside the model: whoever can replace the model
files cannot make them pass by replacing a sidecar too. Retraining never changes this value;
shipping a new model means copying its folder into ``nlp/data/parts`` and updating this line
with the digest ``xxgk train parts`` prints.
"""

SHA256 = "edb6e9253065a80e941c46dcfe11f6f2fe65c6c3ac65fdf87b2c69f0c3cf5ab3"
