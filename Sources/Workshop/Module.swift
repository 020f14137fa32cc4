// Workshop module.
