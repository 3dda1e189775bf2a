"""Staff screens of internal disclosure, mounted at /staff/internal/ (``urls_staff``). There is
no public view: an internal item has no URL outside /staff/."""
