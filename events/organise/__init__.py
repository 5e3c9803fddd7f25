"""Organiser pages under /organise/ for the workflows Piccolo Admin does not cover."""
