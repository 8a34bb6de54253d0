"""Reports: client reports for each audience, activity reports, indicators.

- :mod:`.client_report` — the report on one person for the person, a partner or the
  file: gathered and redacted (``gather_client_report``), rendered in memory for a
  preview (``render_client_report``), written and logged (``write_client_report``),
  logged when printed (``log_client_report``), the notes to tick
  (``report_note_choices``) and the reports produced about a person
  (``client_report_log``); its PDF in :mod:`.client_report_pdf`, its words in
  :mod:`.client_report_words`, the log in :mod:`.report_log`.
- :mod:`.activity` — the activity report of a period (figures, charts, CSV).

Every PDF is laid out by :mod:`socialdesk.services.pdf_layout`. Modules are imported
where they are used (no imports here), so opening a screen does not load ReportLab.
"""
