"""Reports: client reports for each audience, activity reports, indicators."""
