// AtelierServer module.
