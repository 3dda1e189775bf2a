"""Every change to an application goes through these modules:

- ``clock``: ``refresh_clock`` — recompute and store the statutory clock from the events;
- ``intake``: online submission, staff registration of offline applications, receipt confirmation;
- ``workflow``: assignment, 补正, consultation, extension, fee, decision, archive, remedies;
- ``letters``: letters (告知书) drafted from templates, issued as DOCX/PDF, delivered.
"""
