"""The reports app's forms, one module per feature: reporting, review (and browsing filters),
categories."""
