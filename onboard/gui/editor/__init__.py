"""The Redaktion: where department leads keep collections, documents and pages current."""
