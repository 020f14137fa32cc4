// YSync module.
