"""The reading view: the typeset article, its layout in slices, highlights painted and made, the
selection toolbar, find in the article."""
