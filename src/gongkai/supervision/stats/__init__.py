"""Statistics (统计) of proactive and on-request disclosure for a scope of agencies and a
period: pure selectors over the catalog and applications records (``items``,
``applications``), the links from each figure to its records (``links``), the page's tables and
charts (``page``, ``charts``, ``tables``) and the XLSX export (``xlsx``)."""
