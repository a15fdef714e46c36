"""User corrections (stub, replaced below)."""
def apply_corrections(entities, corrections):
    return entities
