"""Staff screens of on-request disclosure (依申请公开), mounted at /staff/applications/.

- ``lists``: the workbench list (my cases, the agency's cases, filters, urgency), CSV/XLSX
  export and the handler's iCal feed;
- ``case``: the case page, the action view, the reveal of an ID number and letter downloads;
- ``actions``: the table of the case page's actions, each a small POST form calling one service;
- ``intake``: registration of an application received offline.

Thin adapters, as in the catalog's staff screens: every change is one service call; a refused
permission is the 403 page; a case of an agency the user may not see is a 404; a refused step
shows the service's message with what the user typed.
"""
