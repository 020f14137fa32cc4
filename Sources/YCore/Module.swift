// YCore module.
