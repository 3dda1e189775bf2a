"""Staff screens of proposals, mounted at /staff/proposals/ (see ``urls_staff``)."""
