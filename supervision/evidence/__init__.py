"""Evidence files (佐证材料)."""
