"""The demo summit: data files in this folder, loaded through the services."""
