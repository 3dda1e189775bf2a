"""Every change to an application goes through these modules:

- ``clock``: ``refresh_clock`` — recompute and store the statutory clock from the events;
- ``intake``: online submission, staff registration of offline applications, receipt confirmation
  (the contents checked by ``application_data``);
- ``workflow`` (a package, one module per concern): assignment, 补正, consultation, extension,
  fee, decision, archive, remedies, the audited look at an ID number;
- ``letters``: letters (告知书) drafted from templates, issued as DOCX/PDF, delivered.
"""
