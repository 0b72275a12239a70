"""The MkDocs adapter: the plugin and its configuration, the only code that imports MkDocs."""
