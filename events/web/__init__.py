"""Cross-cutting web pieces: templates, language, security headers, organiser login, errors."""
