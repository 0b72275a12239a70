"""The contributor tools: the `ocop` command and what only it uses."""
