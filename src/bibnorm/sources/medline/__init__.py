"""MEDLINE-tagged text (efetch, .nbib, and other databases' exports): the `medline` adapter."""
