"""Qt-free core of Onboard: documents, store, indexes, search."""
