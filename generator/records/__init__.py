"""The records: safe YAML, the schema, problems and their messages, rules, loading and the record cache."""
