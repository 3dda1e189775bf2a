"""Every change to a letter goes through these modules:

- ``intake``: a letter written online, a letter registered by staff (call, visit, post);
- ``handling``: the one name to import them by, from
  ``acceptance`` (accept or not, transfer 转办, merge 并单), ``replies`` (assign 交办, reply,
  review), ``extensions`` and ``rating`` (the writer's rating and the one reopening);
- ``publication``: the reviewed public copy with personal data removed;
- ``identity``: the audited reveal of a 举报 writer's identity;
- ``clock``: the stored due date kept equal to the rules (``interaction.rules``).
"""
